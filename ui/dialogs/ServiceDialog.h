#pragma once

#include "dialogs/ValidatedDialog.h"
#include "domain/Registry.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace portolan {

// Adds or edits a service and its route (the name the reverse proxy serves it under).
class ServiceDialog : public ValidatedDialog
{
    Q_OBJECT

public:
    // serviceIndex -1: a new service on the device.
    ServiceDialog(const Registry &registry, int deviceIndex, int serviceIndex,
                  const Service &initial, QWidget *parent = nullptr);

    Service service() const;

protected:
    Findings check() override;

private:
    void updateRouteWidgets();

    const Registry &m_registry;
    int m_deviceIndex;
    int m_serviceIndex;
    qint64 m_deviceId = 0; // what is edited, found again by id before every check
    qint64 m_serviceId = 0;
    Service m_initial;
    QLineEdit *m_name;
    QComboBox *m_category;
    QLineEdit *m_notes;
    QLineEdit *m_image;
    QCheckBox *m_routed;
    QLineEdit *m_routeHost;
    QComboBox *m_routeScope;
    QLineEdit *m_routePort;
    QLabel *m_fqdn;
};

} // namespace portolan
