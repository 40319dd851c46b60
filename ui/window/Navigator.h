#pragma once

#include "domain/Finding.h"

#include <QObject>

class QTabWidget;

namespace portolan {

class DevicesPanel;
class Document;
class PortMapPage;
class RangePage;

// Where the user is: which page, which device, which service and binding. Pages are named,
// not numbered, and every "take me there" (a finding, a heatmap cell, a new element) goes
// through here, so pages and selection stay in step.
class Navigator : public QObject
{
    Q_OBJECT

public:
    enum class Page
    {
        PortMap,
        Policy,
        Range,
    };
    // In registry positions, -1 where nothing is selected.
    struct Selection
    {
        int device = -1;
        int service = -1;
        int binding = -1;
    };

    Navigator(Document *document, DevicesPanel *devices, PortMapPage *portMap, RangePage *range,
              QTabWidget *pages, QObject *parent = nullptr);

    // The page widget of a page, for QTabWidget::addTab in this enum's order.
    void showPage(Page page);

    Selection selection() const;
    // The device shown in the port map, -1 for none.
    int currentDevice() const;
    void selectDevice(int deviceIndex);
    // Selects the port map row of a service's binding (binding -1: the service's first row).
    void selectPortMapRow(int service, int binding);
    void focusFinding(const Finding &finding);
    // The first user of a port in the heatmap.
    void selectPort(int port);

signals:
    void selectionChanged();

private:
    Document *m_document;
    DevicesPanel *m_devices;
    PortMapPage *m_portMap;
    RangePage *m_range;
    QTabWidget *m_pages;
};

} // namespace portolan
