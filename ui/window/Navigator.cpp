#include "window/Navigator.h"

#include "check/Occupancy.h"
#include "document/Document.h"
#include "pages/DevicesPanel.h"
#include "pages/PortMapPage.h"
#include "pages/RangePage.h"

#include <QTabWidget>

namespace portolan {

Navigator::Navigator(Document *document, DevicesPanel *devices, PortMapPage *portMap,
                     RangePage *range, QTabWidget *pages, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_devices(devices)
    , m_portMap(portMap)
    , m_range(range)
    , m_pages(pages)
{
    connect(devices, &DevicesPanel::currentDeviceChanged, this, [this](int deviceIndex) {
        m_portMap->showDevice(deviceIndex);
        m_range->followDevice(deviceIndex);
        emit selectionChanged();
    });
    connect(portMap, &PortMapPage::selectionChanged, this, &Navigator::selectionChanged);
    // A registry that arrives (opened, reloaded) or loses the shown device shows one.
    auto keepADevice = [this] {
        if (currentDevice() < 0 && !m_document->registry().devices.isEmpty())
            selectDevice(0);
        emit selectionChanged();
    };
    connect(document, &Document::resetDone, this, keepADevice);
    connect(document, &Document::deviceRemoved, this, keepADevice);
}

void Navigator::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
}

int Navigator::currentDevice() const
{
    return m_portMap->deviceIndex();
}

Navigator::Selection Navigator::selection() const
{
    Selection s;
    s.device = currentDevice();
    if (s.device < 0)
        return s;
    s.service = m_portMap->selectedService();
    s.binding = s.service >= 0 ? m_portMap->selectedBinding() : -1;
    return s;
}

void Navigator::selectDevice(int deviceIndex)
{
    m_devices->selectDevice(deviceIndex);
}

void Navigator::selectPortMapRow(int service, int binding)
{
    m_portMap->selectRow(service, binding);
    showPage(Page::PortMap);
}

void Navigator::focusFinding(const Finding &finding)
{
    if (finding.where.device < 0) {
        showPage(Page::Policy);
        return;
    }
    selectDevice(finding.where.device);
    if (finding.where.service >= 0)
        selectPortMapRow(finding.where.service, finding.where.binding);
    else
        showPage(Page::PortMap);
}

void Navigator::selectPort(int port)
{
    const QVector<PortUser> users = m_range->occupancy().usersOf(port);
    if (users.isEmpty())
        return;
    // The first user; a conflict's other side is one click away in the findings.
    const PortUser &user = users.first();
    selectDevice(user.device);
    selectPortMapRow(user.service, user.binding);
}

} // namespace portolan
