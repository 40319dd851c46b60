#include "overview/OverviewRenderer.h"

#include "io/AtomicFile.h"

#include "check/Occupancy.h"
#include "overview/HeatmapPainter.h"

#include <QBuffer>
#include <QFile>
#include <QGuiApplication>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

#include <cmath>
#include <functional>

namespace portolan {

namespace {

// Logical units: 96 per inch, like the screen the heatmap was designed for; fonts in pixels of
// that unit so the window/viewport mapping scales text and shapes alike.
constexpr double LogicalDpi = 96.0;
constexpr double Margin = 48; // half an inch
constexpr double FooterHeight = 24;
// From this many devices on, the first page lists them with their pages.
constexpr int IndexFromDevices = 8;

QFont sized(double pixels, bool bold = false)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(int(pixels));
    font.setBold(bold);
    // No ligatures: "fi" in "traefik" would reach the PDF as one glyph (U+FB01), and a search
    // or pdftotext for the name would miss it. Latin text needs no shaping to be legible.
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

QPalette printPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, Qt::white);
    palette.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    palette.setColor(QPalette::Text, QColor(0x20, 0x20, 0x20));
    return palette;
}

} // namespace

// Places content top to bottom, starting new pages as needed. In the counting pass nothing
// is painted; the painting pass knows the page total for the footers.
class OverviewRenderer::Flow
{
public:
    Flow(QPainter *painter, QPagedPaintDevice *device, QSizeF page, int totalPages, QString footer)
        : painter(painter)
        , device(device)
        , page(page)
        , totalPages(totalPages)
        , footer(std::move(footer))
    {
        y = Margin;
    }

    bool painting() const { return painter != nullptr; }
    double width() const { return page.width() - 2 * Margin; }
    double left() const { return Margin; }
    double bottom() const { return page.height() - Margin - FooterHeight; }

    // Makes room for `height`; on a new page runs `continued` (a repeated table header).
    void need(double height, const std::function<void()> &continued = {})
    {
        if (y + height <= bottom() || y <= Margin + 0.5)
            return;
        newPage();
        if (continued)
            continued();
    }

    void newPage()
    {
        paintFooter();
        ++pageNumber;
        if (painting())
            device->newPage();
        y = Margin;
    }

    void finish() { paintFooter(); }

    // A paragraph: wrapped to the page width, at least `height` tall.
    void text(const QString &line, const QFont &font, double height,
              const QColor &color = QColor(0x20, 0x20, 0x20))
    {
        const QRectF bounds =
            QFontMetricsF(font).boundingRect(QRectF(0, 0, width(), 10000), Qt::TextWordWrap, line);
        const double lines =
            std::max(1.0, std::ceil(bounds.height() / QFontMetricsF(font).lineSpacing() - 0.01));
        const double needed =
            std::max(height, height + (lines - 1) * QFontMetricsF(font).lineSpacing());
        need(needed);
        if (painting()) {
            painter->setFont(font);
            painter->setPen(color);
            painter->drawText(QRectF(left(), y, width(), needed),
                              Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, line);
        }
        y += needed;
    }

    // A bullet point: lines broken at spaces only (":443" and host names stay whole, as
    // pdftotext reads them), the lines after the first hanging under the text, not the bullet.
    void bullet(const QString &line, const QFont &font, double height)
    {
        const QFontMetricsF metrics(font);
        const QString mark = QStringLiteral("\u2022");
        const double indent = metrics.horizontalAdvance(mark + QStringLiteral("  "));
        const double room = width() - indent;
        QStringList lines;
        QString current;
        for (const QString &word : line.split(u' ', Qt::SkipEmptyParts)) {
            const QString longer = current.isEmpty() ? word : current + u' ' + word;
            if (!current.isEmpty() && metrics.horizontalAdvance(longer) > room) {
                lines << current;
                current = word;
            } else {
                current = longer;
            }
        }
        if (!current.isEmpty())
            lines << current;
        const double spacing = metrics.lineSpacing();
        const double needed = std::max(height, height + (lines.size() - 1) * spacing);
        need(needed);
        if (painting()) {
            painter->setFont(font);
            painter->setPen(QColor(0x20, 0x20, 0x20));
            const double top = y + (needed - lines.size() * spacing) / 2 + metrics.ascent();
            painter->drawText(QPointF(left(), top), mark);
            for (int i = 0; i < lines.size(); ++i)
                painter->drawText(QPointF(left() + indent, top + i * spacing), lines[i]);
        }
        y += needed;
    }

    QPainter *painter;
    QPagedPaintDevice *device;
    QSizeF page;
    int totalPages;
    QString footer;
    int pageNumber = 1;
    double y = 0;

private:
    void paintFooter()
    {
        if (!painting())
            return;
        painter->setFont(sized(10));
        painter->setPen(QColor(0x70, 0x70, 0x70));
        const QRectF rect(left(), page.height() - Margin - FooterHeight + 8, width(),
                          FooterHeight - 8);
        painter->drawLine(QPointF(left(), rect.top() - 2),
                          QPointF(left() + width(), rect.top() - 2));
        painter->drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, footer);
        painter->drawText(rect, Qt::AlignRight | Qt::AlignVCenter,
                          tr("page %1 of %2").arg(pageNumber).arg(totalPages));
    }
};

OverviewRenderer::OverviewRenderer(const Registry &registry, const Findings &findings,
                                   const Options &options)
    : m_registry(registry)
    , m_findings(findings)
    , m_options(options)
{}

int OverviewRenderer::render(QPagedPaintDevice *device)
{
    const QPageLayout layout = device->pageLayout();
    const QSizeF inches = layout.fullRectPoints().size() / 72.0;
    const QSizeF page(inches.width() * LogicalDpi, inches.height() * LogicalDpi);
    const QString footer =
        tr("%1 · %2 · %3")
            .arg(m_options.source.isEmpty() ? tr("Portolan") : m_options.source,
                 m_registry.policy.domain,
                 m_options.generated.toString(QStringLiteral("yyyy-MM-dd HH:mm")));

    // Pass 1 counts pages, pass 2 paints them with the total known.
    Flow counting(nullptr, device, page, 0, footer);
    paintDocument(counting);
    counting.finish();
    const int pages = counting.pageNumber;

    QPainter painter;
    if (!painter.begin(device))
        return 0;
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setWindow(0, 0, int(page.width()), int(page.height()));
    painter.setViewport(0, 0, device->width(), device->height());
    Flow flow(&painter, device, page, pages, footer);
    paintDocument(flow);
    flow.finish();
    painter.end();
    return pages;
}

void OverviewRenderer::paintTitle(Flow &flow)
{
    const Policy &policy = m_registry.policy;
    const QColor muted(0x60, 0x60, 0x60);
    flow.text(tr("Port registry overview: %1").arg(policy.domain), sized(22, true), 34);
    QString subtitle =
        tr("Generated %1").arg(m_options.generated.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (m_options.deviceFilter >= 0)
        subtitle += tr(" · device %1").arg(m_registry.devices[m_options.deviceFilter].name);
    flow.text(subtitle, sized(11), 18, muted);
    flow.y += 8;
}

// With many devices, an index on the first page: each device and the page it starts on.
void OverviewRenderer::paintDeviceIndex(Flow &flow)
{
    QVector<int> shown;
    for (int d = 0; d < m_registry.devices.size(); ++d) {
        if (m_options.deviceFilter < 0 || d == m_options.deviceFilter)
            shown << d;
    }
    if (m_devicePages.size() < m_registry.devices.size())
        m_devicePages.resize(m_registry.devices.size());
    if (shown.size() >= IndexFromDevices) {
        flow.text(tr("Devices"), sized(15, true), 24);
        const int columns = 3;
        const int perColumn = int((shown.size() + columns - 1) / columns);
        const double lineHeight = 15;
        const double columnWidth = flow.width() / columns;
        flow.need(perColumn * lineHeight);
        if (flow.painting()) {
            flow.painter->setFont(sized(10));
            flow.painter->setPen(QColor(0x20, 0x20, 0x20));
            for (int i = 0; i < shown.size(); ++i) {
                const int d = shown[i];
                const QRectF rect(flow.left() + (i / perColumn) * columnWidth,
                                  flow.y + (i % perColumn) * lineHeight, columnWidth - 12,
                                  lineHeight);
                const QString page = tr("p. %1").arg(m_devicePages[d]);
                flow.painter->drawText(rect, Qt::AlignRight | Qt::AlignVCenter, page);
                const double pageWidth =
                    QFontMetricsF(flow.painter->font()).horizontalAdvance(page);
                // A name too long for its column wraps into the row's height at a smaller size
                // rather than being cut.
                QFont font = sized(10);
                const double room = rect.width() - pageWidth - 8;
                while (QFontMetricsF(font).horizontalAdvance(m_registry.devices[d].name) > room &&
                       font.pixelSize() > 6)
                    font.setPixelSize(font.pixelSize() - 1);
                flow.painter->setFont(font);
                flow.painter->drawText(QRectF(rect.left(), rect.top(), room, rect.height()),
                                       Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWrapAnywhere,
                                       m_registry.devices[d].name);
                flow.painter->setFont(sized(10));
            }
        }
        flow.y += perColumn * lineHeight + 10;
    }
}

void OverviewRenderer::paintPolicy(Flow &flow)
{
    const Policy &policy = m_registry.policy;
    flow.text(tr("Policy"), sized(15, true), 24);
    const QStringList policyLines = {
        tr("Host ports are closed by default; web services are reached through the "
           "reverse proxy by name."),
        tr("A host binding needs an exception: reverse-proxy (80/443), non-http (DNS, "
           "SSH...), bootstrap (before the proxy), agent."),
        tr("External names HOST.%1 (tunnel to :80); internal names HOST.%2 (split DNS "
           "over VPN to :443).")
            .arg(policy.domain, policy.internalDomain()),
        tr("Published range %1-%2 in blocks of %3 ports.")
            .arg(policy.range.first)
            .arg(policy.range.last)
            .arg(policy.effectiveBlockSize()),
    };
    for (const QString &line : policyLines)
        flow.bullet(line, sized(11), 17);
    flow.y += 10;
}

// Column widths from the content: each column gets at least its longest word (so words are not
// broken and a host name stays whole for pdftotext), the room left goes to the columns whose
// text is longer than that, in proportion; the shares only weigh columns that are empty.
// When even the longest words do not fit, every column is scaled down alike.
QVector<double> OverviewRenderer::columnWidths(double total, const QVector<TableColumn> &columns,
                                               const QVector<QStringList> &rows,
                                               const QFontMetricsF &metrics,
                                               const QFontMetricsF &headerMetrics)
{
    const double padding = 8;
    QVector<double> least(columns.size(), padding);
    QVector<double> natural(columns.size(), padding);
    for (int c = 0; c < columns.size(); ++c) {
        // The header, in its bold face, is one line and never breaks.
        least[c] = natural[c] = headerMetrics.horizontalAdvance(columns[c].title) + padding;
        QStringList texts;
        for (const QStringList &row : rows)
            texts << row.value(c);
        for (const QString &text : std::as_const(texts)) {
            for (const QString &word : text.split(u' ', Qt::SkipEmptyParts))
                least[c] = std::max(least[c], metrics.horizontalAdvance(word) + padding);
            natural[c] = std::max(natural[c], metrics.horizontalAdvance(text) + padding);
        }
    }
    double leastSum = 0;
    double extraSum = 0;
    for (int c = 0; c < columns.size(); ++c) {
        leastSum += least[c];
        extraSum += natural[c] - least[c];
    }
    QVector<double> widths(columns.size());
    if (leastSum >= total) {
        for (int c = 0; c < columns.size(); ++c)
            widths[c] = least[c] * total / leastSum;
        return widths;
    }
    const double spare = total - leastSum;
    double shareSum = 0;
    for (const TableColumn &c : columns)
        shareSum += c.share;
    for (int c = 0; c < columns.size(); ++c) {
        const double weight =
            extraSum > 0 ? (natural[c] - least[c]) / extraSum : columns[c].share / shareSum;
        widths[c] = least[c] + spare * std::min(1.0, weight);
    }
    // What the longest texts did not need is spread by the columns' shares.
    double used = 0;
    for (double w : std::as_const(widths))
        used += w;
    for (int c = 0; c < columns.size() && used < total; ++c)
        widths[c] += (total - used) * columns[c].share / shareSum;
    return widths;
}

// A table with a header that repeats on every page it spans. Nothing is cut: a cell's text
// wraps at spaces (anywhere only in a word longer than the whole column) and its row grows.
void OverviewRenderer::paintTable(Flow &flow, const QString &heading,
                                  const QVector<TableColumn> &columns,
                                  const QVector<QStringList> &rows, const QVector<bool> &highlight)
{
    const double minimumRowHeight = 17;
    const QFont cellFont = sized(10);
    const QFontMetricsF metrics(cellFont);
    const QVector<double> widths =
        columnWidths(flow.width(), columns, rows, metrics, QFontMetricsF(sized(10, true)));
    auto cellRect = [&](int column, double top, double height) {
        double x = flow.left();
        for (int c = 0; c < column; ++c)
            x += widths[c];
        return QRectF(x + 3, top, widths[column] - 6, height);
    };
    auto wrapFlags = [&](const QString &text, double width) {
        const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
        for (const QString &word : words) {
            if (metrics.horizontalAdvance(word) > width)
                return int(Qt::TextWrapAnywhere);
        }
        return int(Qt::TextWordWrap);
    };
    auto rowHeight = [&](const QStringList &row) {
        double height = minimumRowHeight;
        for (int c = 0; c < columns.size(); ++c) {
            const QString text = row.value(c);
            if (text.isEmpty())
                continue;
            const double width = cellRect(c, 0, 0).width();
            const QRectF bounds =
                metrics.boundingRect(QRectF(0, 0, width, 100000), wrapFlags(text, width), text);
            height = std::max(height, bounds.height() + 4);
        }
        return height;
    };
    auto header = [&](bool continued) {
        flow.text(continued ? heading + tr(" (continued)") : heading, sized(13, true), 22);
        if (flow.painting()) {
            flow.painter->fillRect(QRectF(flow.left(), flow.y, flow.width(), minimumRowHeight),
                                   QColor(0xe8, 0xec, 0xf0));
            flow.painter->setFont(sized(10, true));
            flow.painter->setPen(QColor(0x20, 0x20, 0x20));
            for (int c = 0; c < columns.size(); ++c)
                flow.painter->drawText(cellRect(c, flow.y, minimumRowHeight),
                                       columns[c].align | Qt::AlignVCenter, columns[c].title);
        }
        flow.y += minimumRowHeight;
    };
    flow.need(22 + minimumRowHeight * 3);
    header(false);
    for (int r = 0; r < rows.size(); ++r) {
        const double height = rowHeight(rows[r]);
        flow.need(height, [&] { header(true); });
        if (flow.painting()) {
            if (highlight.value(r))
                flow.painter->fillRect(QRectF(flow.left(), flow.y, flow.width(), height),
                                       QColor(0xfb, 0xe3, 0xd6));
            else if (r % 2)
                flow.painter->fillRect(QRectF(flow.left(), flow.y, flow.width(), height),
                                       QColor(0xf6, 0xf7, 0xf8));
            flow.painter->setFont(cellFont);
            flow.painter->setPen(QColor(0x20, 0x20, 0x20));
            for (int c = 0; c < columns.size(); ++c) {
                const QRectF rect = cellRect(c, flow.y, height);
                const QString &text = rows[r].value(c);
                flow.painter->drawText(
                    rect.adjusted(0, 2, 0, -2),
                    columns[c].align | Qt::AlignTop | wrapFlags(text, rect.width()), text);
            }
        }
        flow.y += height;
    }
    flow.y += 12;
}

// The heatmap, as vectors, then the blocks table.
void OverviewRenderer::paintRange(Flow &flow)
{
    const Policy &policy = m_registry.policy;
    // Heatmap, as vectors.
    const Occupancy occupancy(m_registry, m_findings, m_options.deviceFilter);
    const HeatmapPainter heatmap(m_registry, occupancy, printPalette());
    const double heatmapWidth = flow.width();
    const double heatmapHeight = heatmap.preferredHeight(heatmapWidth, -1, 1.5);
    flow.need(heatmapHeight + 28);
    flow.text(tr("Range"), sized(15, true), 24);
    if (flow.painting()) {
        flow.painter->setFont(sized(11));
        HeatmapPainter::Geometry geometry =
            heatmap.layout(QRectF(flow.left(), flow.y, heatmapWidth, heatmapHeight), -1, 1.5);
        geometry.forPaper = true;
        heatmap.paint(*flow.painter, geometry);
    }
    flow.y += heatmapHeight + 10;

    // Block table.
    QVector<QStringList> blockRows;
    QVector<bool> blockTrouble;
    for (int b = 0; b < occupancy.blocks().size(); ++b) {
        const BlockOccupancy &block = occupancy.blocks()[b];
        const Block &definition = policy.blocks[b];
        blockRows.append(
            {QString::number(b + 1), block.ports.toString(), definition.purpose, definition.label,
             QString::number(block.used), QString::number(block.free()),
             QString::number(block.percent(), 'f', 1) + u'%', QString::number(block.conflicts)});
        blockTrouble.append(block.conflicts > 0);
    }
    paintTable(flow, tr("Blocks"),
               {{tr("#"), 0.5, Qt::AlignRight},
                {tr("Ports"), 1.6, Qt::AlignLeft},
                {tr("Purpose"), 1.6, Qt::AlignLeft},
                {tr("Label"), 1.8, Qt::AlignLeft},
                {tr("Used"), 0.8, Qt::AlignRight},
                {tr("Free"), 0.8, Qt::AlignRight},
                {tr("Fill"), 0.8, Qt::AlignRight},
                {tr("Conflicts"), 1.0, Qt::AlignRight}},
               blockRows, blockTrouble);
}

void OverviewRenderer::paintDevices(Flow &flow)
{
    for (int d = 0; d < m_registry.devices.size(); ++d) {
        if (m_options.deviceFilter >= 0 && d != m_options.deviceFilter)
            continue;
        const Device &device = m_registry.devices[d];
        QVector<QStringList> rows;
        QVector<bool> trouble;
        for (int s = 0; s < device.services.size(); ++s) {
            const Service &service = device.services[s];
            const QString route = service.route ? m_registry.routeFqdn(*service.route) : QString();
            auto hasError = [&](int binding) {
                for (const Finding &finding : m_findings) {
                    if (finding.severity != Severity::Error)
                        continue;
                    if (finding.where.device == d && finding.where.service == s &&
                        (binding < 0 || finding.where.binding == binding))
                        return true;
                    // Both sides of a conflict are trouble.
                    if (finding.code == FindingCode::PortConflict && finding.related.device == d &&
                        finding.related.service == s && finding.related.binding == binding)
                        return true;
                }
                return false;
            };
            if (service.ports.isEmpty()) {
                rows.append({service.name, QString(),
                             service.route && service.route->port
                                 ? QString::number(*service.route->port)
                                 : QString(),
                             QString(), QString(), QString(), route, service.notes});
                trouble.append(hasError(-1));
            }
            for (int b = 0; b < service.ports.size(); ++b) {
                const Binding &binding = service.ports[b];
                rows.append({service.name, binding.host.toString(), binding.container.toString(),
                             binding.effectiveProtocol(),
                             binding.bind.isEmpty() ? tr("all") : binding.bind, binding.exception,
                             b == 0 ? route : QString(),
                             binding.notes.isEmpty() && b == 0 ? service.notes : binding.notes});
                trouble.append(hasError(b));
            }
        }
        QString heading = QStringLiteral("%1 (%2)").arg(device.name, device.ip);
        if (!device.description.isEmpty())
            heading += QStringLiteral(" · ") + device.description;
        // Where the device starts, for the index on the first page (known after the counting
        // pass, which lays out exactly what the painting pass paints).
        flow.need(rows.isEmpty() ? 22 + 18 : 22 + 17 * 3);
        if (!flow.painting())
            m_devicePages[d] = flow.pageNumber;
        if (rows.isEmpty()) {
            // A line that says so, not a header over nothing.
            flow.text(heading, sized(13, true), 22);
            flow.text(tr("No services planned on this device yet."), sized(10), 18,
                      QColor(0x60, 0x60, 0x60));
            flow.y += 12;
            continue;
        }
        paintTable(flow, heading,
                   // Wide enough for a port range ("20000-20009") on one line.
                   {{tr("Service"), 1.5, Qt::AlignLeft},
                    {tr("Host"), 1.45, Qt::AlignRight},
                    {tr("Container"), 1.35, Qt::AlignRight},
                    {tr("Proto"), 0.6, Qt::AlignLeft},
                    {tr("Bind"), 0.9, Qt::AlignLeft},
                    {tr("Exception"), 1.1, Qt::AlignLeft},
                    {tr("Route"), 2.2, Qt::AlignLeft},
                    {tr("Notes"), 1.8, Qt::AlignLeft}},
                   rows, trouble);
    }
}

void OverviewRenderer::paintDocument(Flow &flow)
{
    paintTitle(flow);
    paintDeviceIndex(flow);
    paintPolicy(flow);
    paintRange(flow);
    paintDevices(flow);
}

bool OverviewRenderer::writePdf(const Registry &registry, const Findings &findings,
                                const Options &options, const QString &path,
                                QPageSize::PageSizeId size, QPageLayout::Orientation orientation,
                                Error *error)
{
    // Rendered to memory first: a failure never leaves half a PDF behind.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(300);
        writer.setTitle(tr("Port registry overview: %1").arg(registry.policy.domain));
        writer.setCreator(QStringLiteral("Portolan"));
        writer.setPageLayout(QPageLayout(QPageSize(size), orientation, QMarginsF(0, 0, 0, 0)));
        OverviewRenderer renderer(registry, findings, options);
        if (renderer.render(&writer) == 0) {
            *error = Error::fromText(tr("%1: cannot paint the overview").arg(path));
            return false;
        }
    }
    if (AtomicFile::isStandardStream(path)) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(buffer.data()) != buffer.size() ||
            !out.flush()) {
            *error =
                Error::fromText(tr("standard output: cannot write: %1").arg(out.errorString()));
            return false;
        }
        return true;
    }
    return AtomicFile::write(path, buffer.data(), error);
}

} // namespace portolan
