#include "drift/DriftReport.h"

#include "domain/TextRules.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace portolan {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::DriftReport", text);
}

} // namespace

QString DriftReport::detail(const DriftEntry &entry)
{
    switch (entry.status) {
    case DriftEntry::Status::Listening:
        return tr("on %1").arg(entry.actual);
    case DriftEntry::Status::Missing:
        return entry.actual.isEmpty()
                   ? tr("planned on %1, nothing listens").arg(entry.planned)
                   : tr("planned on %1, only part of the range listens").arg(entry.planned);
    case DriftEntry::Status::OtherAddress:
        return tr("planned on %1, listening on %2").arg(entry.planned, entry.actual);
    case DriftEntry::Status::Unplanned:
        return tr("on %1%2").arg(entry.actual,
                                 entry.wellKnownName.isEmpty()
                                     ? QString()
                                     : QStringLiteral(" (") + entry.wellKnownName + u')');
    }
    return QString();
}

QString DriftReport::subject(const Device &device, const DriftEntry &entry)
{
    return entry.serviceName.isEmpty() ? device.name : device.name + u'/' + entry.serviceName;
}

QString DriftReport::toText(const Device &device, const QVector<DriftEntry> &entries)
{
    QString text;
    for (const DriftEntry &entry : entries) {
        text += driftStatusName(entry.status) + QStringLiteral("  ") +
                TextRules::forTerminal(subject(device, entry)) + QStringLiteral("  ") +
                entry.ports.toString() + u'/' + entry.protocol + QStringLiteral("  ") +
                TextRules::forTerminal(detail(entry)) + u'\n';
    }
    return text;
}

QString DriftReport::summary(const Device &device, const QVector<DriftEntry> &entries)
{
    const int drifted = DriftCheck::driftCount(entries);
    return (drifted == 1 ? tr("%1: %2 difference between plan and listening sockets")
                         : tr("%1: %2 differences between plan and listening sockets"))
        .arg(TextRules::forTerminal(device.name))
        .arg(drifted);
}

QJsonObject DriftReport::toJson(const Device &device, const QVector<DriftEntry> &entries)
{
    QJsonArray list;
    for (const DriftEntry &entry : entries) {
        QJsonObject object;
        object.insert(QStringLiteral("status"), driftStatusName(entry.status));
        object.insert(QStringLiteral("protocol"), entry.protocol);
        if (entry.ports.isRange())
            object.insert(QStringLiteral("port"), entry.ports.toString());
        else
            object.insert(QStringLiteral("port"), entry.ports.first);
        object.insert(QStringLiteral("service"), entry.serviceName);
        object.insert(QStringLiteral("planned"), entry.planned);
        object.insert(QStringLiteral("listening"), entry.actual);
        object.insert(QStringLiteral("name"), entry.wellKnownName);
        list.append(object);
    }
    QJsonObject root;
    root.insert(QStringLiteral("device"), device.name);
    root.insert(QStringLiteral("entries"), list);
    root.insert(QStringLiteral("drift"), DriftCheck::driftCount(entries));
    return root;
}

QString DriftReport::markerText(const DriftEntry &entry)
{
    return tr("%1 %2/%3: %4")
        .arg(driftStatusName(entry.status), entry.ports.toString(), entry.protocol, detail(entry));
}

} // namespace portolan
