#include "formats/markdown/MarkdownWriter.h"

#include "domain/BlockUsage.h"
#include "domain/TextRules.h"
#include "formats/ParallelSections.h"

#include <algorithm>

namespace portolan {

namespace {

QString code(const QString &text)
{
    return u'`' + text + u'`';
}

QString row(const QStringList &cells)
{
    QStringList escaped;
    escaped.reserve(cells.size());
    for (const QString &cell : cells)
        escaped << MarkdownWriter::escapeCell(cell);
    return QStringLiteral("| ") + escaped.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

QString separator(int columns, const QList<int> &rightAligned = {})
{
    QString line = QStringLiteral("|");
    for (int c = 0; c < columns; ++c)
        line += rightAligned.contains(c) ? QStringLiteral("---:|") : QStringLiteral("---|");
    return line + u'\n';
}

} // namespace

QString MarkdownWriter::escapeCell(const QString &text)
{
    // Most cells hold nothing to escape: returned as they are, without five copies.
    const bool plain = std::none_of(text.cbegin(), text.cend(), [](QChar c) {
        return c == u'&' || c == u'<' || c == u'\\' || c == u'|' || c == u'\r' || c == u'\n';
    });
    if (plain)
        return text;
    // HTML-significant characters as entities: renderers pass raw HTML through, so a note may
    // not become markup (<img onerror=...>) in somebody's browser.
    QString cell = TextRules::forHtml(text);
    cell.replace(u'\\', QStringLiteral("\\\\"));
    cell.replace(u'|', QStringLiteral("\\|"));
    cell.replace(QStringLiteral("\r\n"), QStringLiteral("<br>"));
    cell.replace(u'\n', QStringLiteral("<br>"));
    cell.replace(u'\r', QStringLiteral("<br>"));
    return cell;
}

QString MarkdownWriter::toMarkdown(const Registry &registry)
{
    const Policy &policy = registry.policy;
    QString md;
    md += QStringLiteral("# Port registry: %1\n\n").arg(TextRules::forHtml(policy.domain));

    md += QStringLiteral("## Policy\n\n");
    md += QStringLiteral("- **Host ports are closed by default.** Web services are reached "
                         "through the reverse proxy by domain name (Docker labels); their "
                         "container ports are only exposed to the proxy network.\n");
    md += QStringLiteral("- **A host binding is an exception** and names its reason:\n");
    md += QStringLiteral("  - %1: the reverse proxy itself (80/443)\n")
              .arg(code(Exceptions::ReverseProxy));
    md += QStringLiteral("  - %1: protocols the proxy cannot route (DNS 53, SSH, game servers)\n")
              .arg(code(Exceptions::NonHttp));
    md += QStringLiteral("  - %1: services that must run before the proxy (Vault, the "
                         "orchestrator)\n")
              .arg(code(Exceptions::Bootstrap));
    md += QStringLiteral("  - %1: orchestrator agents that are talked to directly\n")
              .arg(code(Exceptions::Agent));
    md += QStringLiteral("- **External names:** %1 (CDN or tunnel to the entry point :80)\n")
              .arg(code(QStringLiteral("HOST.") + policy.domain));
    md += QStringLiteral("- **Internal names:** %1 (split DNS over the VPN to the entry point "
                         ":443)\n")
              .arg(code(QStringLiteral("HOST.") + policy.internalDomain()));
    md += QStringLiteral("- **Published range:** %1-%2, in blocks of %3 ports; ports outside it "
                         "only for exceptions.\n\n")
              .arg(policy.range.first)
              .arg(policy.range.last)
              .arg(policy.effectiveBlockSize());

    md += QStringLiteral("## Range\n\n");
    md += row({QStringLiteral("Block"), QStringLiteral("Ports"), QStringLiteral("Purpose"),
               QStringLiteral("Used"), QStringLiteral("Free"), QStringLiteral("Fill")});
    md += separator(6, {0, 3, 4, 5});
    const QVector<BlockFill> fills = computeBlockFill(registry);
    for (int b = 0; b < fills.size(); ++b) {
        const Block &block = policy.blocks[b];
        const BlockFill &fill = fills[b];
        const QString purpose =
            block.label.isEmpty() ? code(block.purpose)
                                  : block.label + QStringLiteral(" (") + code(block.purpose) + u')';
        md += row({QString::number(b + 1),
                   QStringLiteral("%1-%2").arg(fill.ports.first).arg(fill.ports.last), purpose,
                   QString::number(fill.used), QString::number(fill.free()),
                   QString::number(fill.percent(), 'f', 1) + u'%'});
    }
    md += u'\n';

    md += QStringLiteral("## Devices\n");
    ParallelSections::append(md, int(registry.devices.size()), [&](QString &md, int d) {
        const Device &device = registry.devices[d];
        md += QStringLiteral("\n### %1 (%2)\n\n")
                  .arg(TextRules::forHtml(device.name), TextRules::forHtml(device.ip));
        if (!device.description.isEmpty())
            md += escapeCell(device.description) + QStringLiteral("\n\n");
        if (device.services.isEmpty()) {
            md += QStringLiteral("No services.\n");
            return;
        }
        md += row({QStringLiteral("Service"), QStringLiteral("Host Port"),
                   QStringLiteral("Container Port"), QStringLiteral("Protocol"),
                   QStringLiteral("Exception"), QStringLiteral("Route"), QStringLiteral("Notes")});
        md += separator(7, {1, 2});
        for (const Service &service : device.services) {
            QString route;
            if (service.route) {
                route = registry.routeFqdn(*service.route);
                if (service.route->port)
                    route += QStringLiteral(" -> ") + QString::number(*service.route->port);
            }
            if (service.ports.isEmpty()) {
                const QString container = service.route && service.route->port
                                              ? QString::number(*service.route->port)
                                              : QString();
                md += row({service.name, QString(), container, QString(), QString(), route,
                           service.notes});
                continue;
            }
            for (int b = 0; b < service.ports.size(); ++b) {
                const Binding &binding = service.ports[b];
                QString notes = binding.notes;
                if (b == 0 && !service.notes.isEmpty())
                    notes = notes.isEmpty() ? service.notes
                                            : service.notes + QStringLiteral("; ") + notes;
                // A bind address reads as compose writes it: 127.0.0.1:20022, [::1]:20022.
                QString host = binding.host.toString();
                if (!binding.bind.isEmpty())
                    host =
                        (binding.bind.contains(u':') ? u'[' + binding.bind + u']' : binding.bind) +
                        u':' + host;
                md += row({service.name, host, binding.container.toString(),
                           binding.effectiveProtocol(), binding.exception,
                           b == 0 ? route : QString(), notes});
            }
        }
    });
    return md;
}

} // namespace portolan
