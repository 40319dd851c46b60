#pragma once

#include "pages/LazyPage.h"
#include <QHash>

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
// on hover; a click selects the binding, a double-click on a free port plans one there. The
// widgets are built when the page is first shown: at start it is a hidden tab, and building it
// then cost the first paint of the window.
class RangePage : public LazyPage
{
    Q_OBJECT

public:
    explicit RangePage(Document *document, QWidget *parent = nullptr);

    // The device the heatmap shows, -1 for all.
    int deviceFilter() const;
    void setDeviceFilter(int deviceIndex);
    // The device selected in the list: shown unless the user picked "All devices".
    void followDevice(int deviceIndex);
    // Builds the page's widgets if it was not shown yet.
    HeatmapWidget *heatmap();
    void setMarkers(const QHash<int, QString> &markers);
    void setAuditMarkers(const QHash<int, QString> &exposed, const QHash<int, QString> &closed);
    const Occupancy &occupancy() const;

protected:
    QWidget *createContent() override;

signals:
    void portClicked(int port);
    void freePortActivated(int port);
    // "Plan a Binding Here" on a selection of free ports.
    void freeRangeActivated(int first, int last);

private:
    void refreshFilter();
    void showSelection(int first, int last);
    void refreshSelectionInfo();
    void showPortMenu(const QPoint &at);
    void findFreeRun();

    Document *m_document;
    OccupancyModel *m_occupancy;
    QHash<int, QString> m_markers;
    QHash<int, QString> m_exposed;
    QHash<int, QString> m_closed;
    bool m_allChosen = false;
    // Built on first show: null until then.
    HeatmapWidget *m_heatmap = nullptr;
    QSpinBox *m_runLength = nullptr;
    QComboBox *m_runBlock = nullptr;
    QLabel *m_selectionInfo = nullptr;
    QPushButton *m_planRange = nullptr;
    QComboBox *m_filter = nullptr;
};

} // namespace portolan
