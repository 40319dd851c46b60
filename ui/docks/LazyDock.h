#pragma once

#include <QDockWidget>

#include <functional>

namespace portolan {

// A dock whose content is built, and whose place in the window is made, when it is first shown.
// The docks hidden at start (search, changes, history) then cost the window's first paint
// nothing; one that the saved layout shows is built as it appears. The dock itself exists from
// the start, so its View action, its place in a saved layout and its signals are there before its
// content is.
class LazyDock : public QDockWidget
{
    Q_OBJECT

public:
    LazyDock(const QString &title, QWidget *parent);

    bool hasContent() const { return m_built; }
    // Builds the content now if it is not built yet.
    void ensureContent();
    // The main window places a dock hidden at start (adds it to a dock area, tabs it with
    // another) only when it is first shown, unless a restored layout placed it already.
    void placeWhenFirstShown(std::function<void()> place);
    void setVisible(bool visible) override;

protected:
    // The content, built once; the dock takes it as its widget.
    virtual QWidget *createContent() = 0;
    void showEvent(QShowEvent *event) override;

private:
    bool m_built = false;
    std::function<void()> m_place;
};

} // namespace portolan
