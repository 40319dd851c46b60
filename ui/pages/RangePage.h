#pragma once

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace portolan {

class Document;
class HeatmapWidget;
class Occupancy;
class OccupancyModel;

// The range heatmap: every block a row of cells, for all devices or one, with who uses a port
// on hover; a click selects the binding, a double-click on a free port plans one there.
class RangePage : public QWidget
{
    Q_OBJECT

public:
    explicit RangePage(Document *document, QWidget *parent = nullptr);

    // The device the heatmap shows, -1 for all.
    int deviceFilter() const;
    void setDeviceFilter(int deviceIndex);
    // The device selected in the list: shown unless the user picked "All devices".
    void followDevice(int deviceIndex);
    HeatmapWidget *heatmap() const { return m_heatmap; }
    void setMarkers(const QHash<int, QString> &markers);
    const Occupancy &occupancy() const;

signals:
    void portClicked(int port);
    void freePortActivated(int port);
    // "Plan a Binding Here" on a selection of free ports.
    void freeRangeActivated(int first, int last);

private:
    void refreshFilter();
    void showSelection(int first, int last);
    void findFreeRun();

    Document *m_document;
    OccupancyModel *m_occupancy;
    HeatmapWidget *m_heatmap;
    bool m_allChosen = false;
    QSpinBox *m_runLength;
    QComboBox *m_runBlock;
    QLabel *m_selectionInfo;
    QPushButton *m_planRange;
    QComboBox *m_filter;
};

} // namespace portolan
