#include "dialogs/ServicePicker.h"

#include <QInputDialog>

namespace portolan {

namespace {

int pick(QWidget *parent, const QString &title, const QString &question, const QStringList &names)
{
    if (names.isEmpty())
        return -1;
    bool ok = false;
    const QString name = QInputDialog::getItem(parent, title, question, names, 0, false, &ok);
    return ok ? int(names.indexOf(name)) : -1;
}

} // namespace

int ServicePicker::pickService(QWidget *parent, const QString &title, const QString &question,
                               const Device &device)
{
    QStringList names;
    for (const Service &service : device.services)
        names << service.name;
    return pick(parent, title, question, names);
}

int ServicePicker::pickDevice(QWidget *parent, const QString &title, const QString &question,
                              const Registry &registry, int exceptDevice)
{
    QStringList names;
    QVector<int> indexes;
    for (int d = 0; d < registry.devices.size(); ++d) {
        if (d == exceptDevice)
            continue;
        names << registry.devices[d].name;
        indexes << d;
    }
    const int picked = pick(parent, title, question, names);
    return picked < 0 ? -1 : indexes[picked];
}

} // namespace portolan
