#pragma once

#include <QWidget>

namespace portolan {

// A page whose widgets are built when it is first shown: a tab behind the current one then costs
// the window's first paint nothing. The page itself, with its models and its signals, exists from
// the start. The docks' counterpart is LazyDock.
class LazyPage : public QWidget
{
    Q_OBJECT

public:
    explicit LazyPage(QWidget *parent = nullptr);

    bool hasContent() const { return m_built; }
    // Builds the content now if it is not built yet.
    void ensureContent();

protected:
    // The content, built once; the page lays it out as its only child.
    virtual QWidget *createContent() = 0;
    void showEvent(QShowEvent *event) override;

private:
    bool m_built = false;
};

} // namespace portolan
