#include "MarkdownReader.h"

#include "domain/TextRules.h"
#include "store/InputFile.h"

#include "domain/BlockLayout.h"
#include "formats/compose/ComposeReader.h"

#include <QFile>
#include <QRegularExpression>

namespace portolan {

namespace {

// Splits "| a | b \| c |" into cells, honouring escaped pipes and backslashes.
QStringList splitRow(const QString &line)
{
    QString body = line.trimmed();
    if (body.startsWith(u'|'))
        body.remove(0, 1);
    QStringList cells;
    QString cell;
    bool escaped = false;
    for (QChar c : body) {
        if (escaped) {
            cell += c;
            escaped = false;
        } else if (c == u'\\') {
            escaped = true;
        } else if (c == u'|') {
            cells << cell.trimmed();
            cell.clear();
        } else {
            cell += c;
        }
    }
    if (!cell.trimmed().isEmpty())
        cells << cell.trimmed();
    for (QString &value : cells) {
        // Free text in the registry is one line: a line break kept by hand becomes "; ".
        value.replace(QStringLiteral("<br>"), QStringLiteral("; "));
        value.replace(QStringLiteral("<br/>"), QStringLiteral("; "));
        value.replace(QStringLiteral("<br />"), QStringLiteral("; "));
        // The export escapes what HTML would take as markup.
        value.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
        value.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
        value.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        // Backticks and emphasis are presentation, not data.
        if (value.size() >= 2 && value.startsWith(u'`') && value.endsWith(u'`'))
            value = value.mid(1, value.size() - 2);
    }
    return cells;
}

bool isSeparator(const QString &line)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*\\|?\\s*:?-{1,}:?\\s*(\\|\\s*:?-{1,}:?\\s*)*\\|?\\s*$"));
    return pattern.match(line).hasMatch();
}

bool isEmptyCell(const QString &cell)
{
    return cell.isEmpty() || cell == QLatin1String("-") || cell == QLatin1String("—") ||
           cell == QLatin1String("n/a") || cell == QLatin1String("none");
}

} // namespace

bool MarkdownReader::readFile(const QString &path)
{
    QByteArray data;
    if (!InputFile::readAll(path, MaxFileBytes, QStringLiteral("a Markdown registry"), &data,
                            &m_error))
        return false;
    return readText(QString::fromUtf8(data), InputFile::displayName(path));
}

bool MarkdownReader::readText(const QString &text, const QString &displayName)
{
    m_devices.clear();
    // Lines as views into the text: a large document is not copied line by line.
    const QList<QStringView> lines = QStringView(text).split(u'\n');
    static const QRegularExpression heading(
        QStringLiteral("^#{2,4}\\s+([A-Za-z0-9._-]+)\\s*\\(([^)]*)\\)\\s*$"));
    static const QRegularExpression placeholder(QStringLiteral("\\{[A-Z0-9_]+\\}"));
    auto fail = [&](int line, int column, const QString &message) {
        m_error = {{displayName, line, column}, message};
        return false;
    };

    DeviceTable *device = nullptr;
    QStringList columns;
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines[i].toString();
        const int lineNumber = i + 1;
        if (line.endsWith(u'\r')) // CRLF documents
            line.chop(1);
        if (const std::optional<qsizetype> at = TextRules::firstForbidden(line);
            at && line[*at] != u'\t')
            return fail(
                lineNumber, int(*at) + 1,
                QStringLiteral("%1 in the text; a registry holds one line of plain text per cell")
                    .arg(TextRules::describeCharacter(line[*at])));
        const QRegularExpressionMatch match = heading.match(line.trimmed());
        if (match.hasMatch()) {
            m_devices.append({lineNumber, match.captured(1), match.captured(2).trimmed(), {}, {}});
            device = &m_devices.last();
            columns.clear();
            if (const auto p = placeholder.match(line); p.hasMatch())
                return fail(lineNumber, int(p.capturedStart()) + 1,
                            QStringLiteral("unfilled placeholder %1").arg(p.captured()));
            continue;
        }
        if (line.trimmed().startsWith(u'#')) {
            device = nullptr;
            continue;
        }
        if (!device)
            continue;
        if (!line.trimmed().startsWith(u'|')) {
            if (columns.isEmpty() && !line.trimmed().isEmpty() && device->description.isEmpty())
                device->description = line.trimmed();
            if (!columns.isEmpty() && line.trimmed().isEmpty())
                columns.clear();
            continue;
        }
        if (const auto p = placeholder.match(line); p.hasMatch())
            return fail(lineNumber, int(p.capturedStart()) + 1,
                        QStringLiteral("unfilled placeholder %1: fill it in or remove the row")
                            .arg(p.captured()));
        if (columns.isEmpty()) {
            columns = splitRow(line);
            for (QString &column : columns)
                column = column.toLower();
            if (!columns.contains(QStringLiteral("service")))
                return fail(lineNumber, 1,
                            QStringLiteral("table of %1 has no Service column").arg(device->name));
            continue;
        }
        if (isSeparator(line))
            continue;
        const QStringList cells = splitRow(line);
        Row row;
        row.line = lineNumber;
        auto cellOf = [&](const char *name) {
            const int index = columns.indexOf(QLatin1String(name));
            return index >= 0 ? cells.value(index) : QString();
        };
        auto columnOf = [&](const char *name) {
            // 1-based column of a cell in the raw line, for messages.
            const int index = columns.indexOf(QLatin1String(name));
            int pipes = 0;
            for (int c = 0; c < line.size(); ++c) {
                if (line[c] == u'|' && (c == 0 || line[c - 1] != u'\\') && pipes++ == index)
                    return c + 2;
            }
            return 1;
        };
        row.service = cellOf("service");
        if (row.service.isEmpty())
            return fail(lineNumber, columnOf("service"),
                        QStringLiteral("a row needs a service name"));
        QString hostCell = cellOf("host port");
        if (!isEmptyCell(hostCell)) {
            // "127.0.0.1:20022" or "[::1]:20022" carry the bind address.
            const qsizetype colon = hostCell.lastIndexOf(u':');
            if (colon > 0) {
                QString ip = hostCell.left(colon);
                if (ip.startsWith(u'[') && ip.endsWith(u']'))
                    ip = ip.mid(1, ip.size() - 2);
                row.hostIp = ip;
                hostCell = hostCell.mid(colon + 1);
            }
            row.host = PortRange::parse(hostCell);
            if (!row.host)
                return fail(
                    lineNumber, columnOf("host port"),
                    QStringLiteral("host port \"%1\" is not a port or range").arg(hostCell));
        }
        const QString containerCell = cellOf("container port");
        if (!isEmptyCell(containerCell)) {
            row.container = PortRange::parse(containerCell);
            if (!row.container)
                return fail(lineNumber, columnOf("container port"),
                            QStringLiteral("container port \"%1\" is not a port or range")
                                .arg(containerCell));
        }
        if (row.host && !row.container)
            return fail(lineNumber, columnOf("container port"),
                        QStringLiteral("a host port needs its container port"));
        row.protocol = cellOf("protocol").toLower();
        if (!isEmptyCell(cellOf("exception")))
            row.exception = cellOf("exception");
        const QString routeCell = cellOf("route");
        if (!isEmptyCell(routeCell)) {
            const QStringList parts =
                routeCell.split(QRegularExpression(QStringLiteral("\\s*(->|→)\\s*")));
            row.routeHost = parts.value(0).trimmed();
            bool ok = false;
            const int port = parts.value(1).toInt(&ok);
            if (ok)
                row.routePort = port;
        }
        row.notes = cellOf("notes");
        device->rows.append(row);
    }
    return true;
}

void MarkdownReader::mergeInto(Registry &registry, QStringList *report) const
{
    const BlockLayout layout(registry.policy);
    const QString internalSuffix = u'.' + registry.policy.internalDomain().toLower();
    const QString externalSuffix = u'.' + registry.policy.domain.toLower();
    QString fallbackCategory;
    for (const Block &block : registry.policy.blocks) {
        if (!block.isReserved()) {
            fallbackCategory = block.purpose;
            break;
        }
    }

    for (const DeviceTable &table : m_devices) {
        int d = registry.findDevice(table.name);
        if (d < 0) {
            Device device;
            device.name = table.name;
            device.ip = table.ip;
            device.description = table.description;
            registry.devices.append(device);
            d = registry.devices.size() - 1;
            *report << QStringLiteral("add device %1 (%2)").arg(table.name, table.ip);
        }
        Device &device = registry.devices[d];
        // Looked up once per service: a table of 200,000 rows must not scan the list each time.
        QHash<QString, int> serviceIndex;
        serviceIndex.reserve(device.services.size());
        for (int s = device.services.size() - 1; s >= 0; --s)
            serviceIndex.insert(device.services[s].name, s);
        // Rows of one service are consecutive or not: group by name, in order of appearance.
        QStringList order;
        QHash<QString, QVector<const Row *>> rowsOf;
        for (const Row &row : table.rows) {
            if (!rowsOf.contains(row.service))
                order << row.service;
            rowsOf[row.service].append(&row);
        }
        for (const QString &name : order) {
            const QVector<const Row *> &rows = rowsOf[name];
            const int s = serviceIndex.value(name, -1);
            const bool isNew = s < 0;
            Service service = isNew ? Service() : device.services[s];
            service.name = name;
            QVector<Binding> bindings;
            QStringList notes;
            // The export writes a service's notes into its first row: take them back out.
            auto bindingNotes = [&service](const QString &cell) {
                if (service.notes.isEmpty())
                    return cell;
                if (cell == service.notes)
                    return QString();
                if (cell.startsWith(service.notes + QStringLiteral("; ")))
                    return cell.mid(service.notes.size() + 2);
                return cell;
            };
            for (const Row *row : rows) {
                if (row->host) {
                    Binding binding;
                    binding.host = *row->host;
                    binding.container = *row->container;
                    binding.protocol =
                        row->protocol == QLatin1String("tcp") ? QString() : row->protocol;
                    binding.bind = row->hostIp;
                    binding.exception = row->exception;
                    binding.notes = bindingNotes(row->notes);
                    bindings.append(binding);
                } else if (!row->notes.isEmpty()) {
                    notes << row->notes;
                }
                if (!row->routeHost.isEmpty()) {
                    const QString host = row->routeHost.toLower();
                    Route route;
                    if (host.endsWith(internalSuffix)) {
                        route.host = row->routeHost.left(host.size() - internalSuffix.size());
                        route.scope = Scopes::Internal;
                    } else if (host.endsWith(externalSuffix)) {
                        route.host = row->routeHost.left(host.size() - externalSuffix.size());
                        route.scope = Scopes::External;
                    } else {
                        route.host = row->routeHost;
                        route.scope = Scopes::External;
                        *report << QStringLiteral("warning: %1/%2: route %3 is not under %4")
                                       .arg(device.name, name, row->routeHost,
                                            registry.policy.domain);
                    }
                    route.port = row->routePort
                                     ? row->routePort
                                     : (row->host        ? std::nullopt
                                        : row->container ? std::optional<int>(row->container->first)
                                                         : std::nullopt);
                    service.route = route;
                }
            }
            // Imported rows bring their exceptions; matching existing ones keep theirs when the
            // table leaves the cell empty.
            QVector<Binding> merged = mergeBindings(service.ports, bindings);
            for (int b = 0; b < merged.size(); ++b) {
                if (!bindings[b].exception.isEmpty())
                    merged[b].exception = bindings[b].exception;
                merged[b].notes = bindings[b].notes;
            }
            service.ports = merged;
            if (!notes.isEmpty())
                service.notes = notes.join(QStringLiteral("; "));
            if (isNew) {
                QString purpose = layout.purposeOf(service.ports);
                if (purpose.isEmpty()) {
                    purpose = fallbackCategory;
                    *report << QStringLiteral(
                                   "warning: %1/%2: no host port in a block; category set to %3")
                                   .arg(device.name, name, purpose);
                }
                service.category = purpose;
                serviceIndex.insert(service.name, device.services.size());
                device.services.append(service);
                *report << QStringLiteral("add service %1/%2").arg(device.name, name);
            } else if (service != device.services[s]) {
                device.services[s] = service;
                *report << QStringLiteral("update service %1/%2").arg(device.name, name);
            }
        }
    }
}

} // namespace portolan
