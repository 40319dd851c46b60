#pragma once

#include <QDockWidget>

namespace portolan {

// A dock whose content is built when it is first shown. The docks hidden at start (search,
// changes, history) then cost the window's first paint nothing; one that the saved layout shows
// is built as it appears. The dock itself exists from the start, so its View action, its place in
// the saved layout and its signals are there before its content is.
class LazyDock : public QDockWidget
{
    Q_OBJECT

public:
    LazyDock(const QString &title, QWidget *parent);

    bool hasContent() const { return m_built; }
    // Builds the content now if it is not built yet.
    void ensureContent();

protected:
    // The content, built once; the dock takes it as its widget.
    virtual QWidget *createContent() = 0;
    void showEvent(QShowEvent *event) override;

private:
    bool m_built = false;
};

} // namespace portolan
