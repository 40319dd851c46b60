#include "formats/markdown/MarkdownWriter.h"

#include "domain/BlockUsage.h"
#include "domain/ByteWriter.h"
#include "domain/ParallelSections.h"
#include "domain/TextRules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <initializer_list>

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

// What a table cell writes in place of `c`: HTML-significant characters as entities (renderers
// pass raw HTML through, so a note may not become markup, <img onerror=...>, in somebody's
// browser), backslashes and pipes escaped, line breaks as <br> (a CR before an LF makes one
// break with it), so no value breaks a row. Empty: `c` itself.
QByteArrayView cellEscape(char16_t c)
{
    switch (c) {
    case u'&':
        return "&amp;";
    case u'<':
        return "&lt;";
    case u'\\':
        return "\\\\";
    case u'|':
        return "\\|";
    case u'\n':
    case u'\r':
        return "<br>";
    default:
        return {};
    }
}

// Most cells are ASCII: written in one pass into room for the worst case (five bytes a unit,
// "&amp;"), each unit looked up once. False, with nothing written, at the first unit beyond
// ASCII. (Escaping, then encoding each run, was two passes over every cell, a third of a large
// document's time.)
bool appendAsciiCell(ByteWriter &md, QStringView text)
{
    // true: written as it is.
    static const auto passes = [] {
        std::array<bool, 128> table{};
        for (int c = 0; c < 128; ++c)
            table[std::size_t(c)] = cellEscape(char16_t(c)).isEmpty();
        return table;
    }();
    const qsizetype count = text.size();
    const char16_t *units = text.utf16();
    char *const start = md.room(count * 5);
    char *out = start;
    for (qsizetype i = 0; i < count; ++i) {
        const char16_t c = units[i];
        if (c >= 0x80)
            return false;
        if (passes[c]) {
            *out++ = char(c);
            continue;
        }
        const QByteArrayView escaped = cellEscape(c);
        std::memcpy(out, escaped.data(), std::size_t(escaped.size()));
        out += escaped.size();
        if (c == u'\r' && i + 1 < count && units[i + 1] == u'\n')
            ++i;
    }
    md.commit(out - start);
    return true;
}

// A table cell appended as UTF-8, escaped in one pass (cellEscape). The device tables are most
// of a large document: each cell is written where it goes, without strings of its own.
void appendCell(ByteWriter &md, QStringView text)
{
    if (appendAsciiCell(md, text))
        return;
    qsizetype from = 0;
    const auto flush = [&](qsizetype to) {
        if (to > from)
            md.appendUtf8(text.sliced(from, to - from));
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        const QByteArrayView escaped = cellEscape(c);
        if (escaped.isEmpty())
            continue;
        flush(i);
        md += escaped;
        if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
            ++i;
        from = i + 1;
    }
    flush(text.size());
}

// "| a | b |\n"
void appendRow(ByteWriter &md, std::initializer_list<QStringView> cells)
{
    md += "| ";
    bool first = true;
    for (QStringView cell : cells) {
        if (!first)
            md += " | ";
        first = false;
        appendCell(md, cell);
    }
    md += " |\n";
}

// A port range as PortRange::toString spells it, in a buffer of its own: no string to build.
QStringView portRangeText(const PortRange &range, char16_t (&buffer)[24])
{
    char digits[24]; // two ints and a dash at most
    char *end = std::to_chars(digits, digits + 11, range.first).ptr;
    if (range.spelledAsRange) {
        *end++ = '-';
        end = std::to_chars(end, end + 11, range.last).ptr;
    }
    const qsizetype size = end - digits;
    for (qsizetype i = 0; i < size; ++i)
        buffer[i] = char16_t(digits[i]);
    return QStringView(buffer, size);
}

// One device's section: heading, description and its allocation table.
void appendDeviceSection(ByteWriter &md, const RouteNames &names, const Device &device)
{
    md += "\n### ";
    md.appendUtf8(TextRules::forHtml(device.name));
    md += " (";
    md.appendUtf8(TextRules::forHtml(device.ip));
    md += ")\n\n";
    if (!device.description.isEmpty()) {
        appendCell(md, device.description);
        md += "\n\n";
    }
    if (device.services.isEmpty()) {
        md += "No services.\n";
        return;
    }
    static const QByteArray header = [] {
        ByteWriter text;
        appendRow(text, {u"Service", u"Host Port", u"Container Port", u"Protocol", u"Exception",
                         u"Route", u"Notes"});
        text.appendUtf8(separator(7, {1, 2}));
        return text.take();
    }();
    md += header;
    char16_t hostDigits[24];
    char16_t containerDigits[24];
    char16_t routePort[24];
    // Put together in strings kept for the whole section: no allocation per row.
    QString route;
    QString joinedNotes;
    QString boundHost;
    for (const Service &service : device.services) {
        route.truncate(0);
        if (service.route) {
            names.appendFqdn(route, *service.route);
            if (service.route->port) {
                route += u" -> ";
                route += portRangeText(PortRange::single(*service.route->port), routePort);
            }
        }
        if (service.ports.isEmpty()) {
            const QStringView container =
                service.route && service.route->port
                    ? portRangeText(PortRange::single(*service.route->port), containerDigits)
                    : QStringView();
            appendRow(md, {service.name, QStringView(), container, QStringView(), QStringView(),
                           route, service.notes});
            continue;
        }
        for (int b = 0; b < service.ports.size(); ++b) {
            const Binding &binding = service.ports[b];
            QStringView notes = binding.notes;
            if (b == 0 && !service.notes.isEmpty()) {
                joinedNotes.truncate(0);
                joinedNotes += service.notes;
                if (!binding.notes.isEmpty()) {
                    joinedNotes += u"; ";
                    joinedNotes += binding.notes;
                }
                notes = joinedNotes;
            }
            // A bind address reads as compose writes it: 127.0.0.1:20022, [::1]:20022.
            QStringView host = portRangeText(binding.host, hostDigits);
            if (!binding.bind.isEmpty()) {
                const bool ipv6 = binding.bind.contains(u':');
                boundHost.truncate(0);
                if (ipv6)
                    boundHost += u'[';
                boundHost += binding.bind;
                if (ipv6)
                    boundHost += u']';
                boundHost += u':';
                boundHost += host;
                host = boundHost;
            }
            appendRow(md, {service.name, host, portRangeText(binding.container, containerDigits),
                           binding.effectiveProtocol(), binding.exception,
                           b == 0 ? QStringView(route) : QStringView(), notes});
        }
    }
}

} // namespace

QString MarkdownWriter::escapeCell(const QString &text)
{
    ByteWriter cell;
    appendCell(cell, text);
    return QString::fromUtf8(cell.view());
}

QString MarkdownWriter::toMarkdown(const Registry &registry)
{
    return QString::fromUtf8(toMarkdownUtf8(registry));
}

QByteArray MarkdownWriter::toMarkdownUtf8(const Registry &registry)
{
    const QList<QByteArray> parts = toMarkdownParts(registry);
    return parts.size() == 1 ? parts.first() : QByteArrayList(parts).join();
}

QList<QByteArray> MarkdownWriter::toMarkdownParts(const Registry &registry)
{
    const QString head = headOf(registry);
    ByteWriter text(head.size() + qsizetype(registry.bindingCount()) * 100 + 1024);
    text.appendUtf8(head);
    const RouteNames names(registry.policy);
    std::vector<ByteWriter> later = ParallelSections::appendInParts(
        text, int(registry.devices.size()),
        [&](ByteWriter &md, int d) { appendDeviceSection(md, names, registry.devices[d]); });
    return ByteWriter::takeParts(text, later);
}

bool MarkdownWriter::writeMarkdown(const Registry &registry,
                                   const std::function<bool(QByteArrayView)> &sink)
{
    const RouteNames names(registry.policy);
    return sink(headOf(registry).toUtf8()) &&
           ParallelSections::writeInOrder<ByteWriter>(
               int(registry.devices.size()),
               [&](ByteWriter &md, int d) { appendDeviceSection(md, names, registry.devices[d]); },
               [&sink](const ByteWriter &part) { return sink(part.view()); });
}

// Everything before the devices' sections: the policy and the range.
QString MarkdownWriter::headOf(const Registry &registry)
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
    return md;
}

} // namespace portolan
