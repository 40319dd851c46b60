#pragma once

#include <QWidget>

namespace portolan {

class OccupancyModel;

// A compact bar across the whole range showing where one device's ports sit, block by block:
// the device page's glance before the table.
class PortStripWidget : public QWidget
{
    Q_OBJECT

public:
    explicit PortStripWidget(OccupancyModel *model, QWidget *parent = nullptr);

    QSize sizeHint() const override;

signals:
    // A click: the heatmap should show this port.
    void portClicked(int port);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    int portAtX(int x) const;

    OccupancyModel *m_model;
};

} // namespace portolan
