#include "dialogs/ServicePicker.h"

#include <QInputDialog>

#include <algorithm>

namespace portolan {

namespace {

int pick(QWidget *parent, const QString &title, const QString &question, const QStringList &names,
         int preselected = 0)
{
    if (names.isEmpty())
        return -1;
    bool ok = false;
    QInputDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("servicePicker"));
    dialog.setWindowTitle(title);
    dialog.setLabelText(question);
    dialog.setComboBoxItems(names);
    dialog.setComboBoxEditable(false);
    dialog.setTextValue(names.value(std::clamp(preselected, 0, int(names.size()) - 1)));
    ok = dialog.exec() == QDialog::Accepted;
    return ok ? int(names.indexOf(dialog.textValue())) : -1;
}

} // namespace

int ServicePicker::pickService(QWidget *parent, const QString &title, const QString &question,
                               const Device &device, int preselected)
{
    QStringList names;
    for (const Service &service : device.services)
        names << service.name;
    return pick(parent, title, question, names, std::max(preselected, 0));
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
