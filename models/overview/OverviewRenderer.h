#pragma once

#include <QCoreApplication>

#include "domain/Error.h"
#include "domain/Finding.h"
#include "domain/Registry.h"

#include <QDateTime>
#include <QPageLayout>

class QPagedPaintDevice;
class QPainter;

class QFontMetricsF;

namespace portolan {

// The printable range overview: title and date, the policy in words, the heatmap drawn as
// vectors, the block table, then each device's allocation table, across as many pages as it
// takes, with table headers repeated on every page and "page N of M" in the footer. Paints on
// any paged device: QPdfWriter for the command line, QPrinter for the app.
class OverviewRenderer
{
    Q_DECLARE_TR_FUNCTIONS(OverviewRenderer)

public:
    struct Options
    {
        int deviceFilter = -1; // -1: every device
        QDateTime generated = QDateTime::currentDateTime();
        // The registry's name for the page footers ("lab.yaml"); empty: "Portolan".
        QString source;
    };

    OverviewRenderer(const Registry &registry, const Findings &findings, const Options &options);

    // Returns the number of pages painted, 0 when the device cannot be painted on.
    int render(QPagedPaintDevice *device);

    // Writes a PDF: page size "A4" or "Letter", portrait or landscape. Atomic (AtomicFile);
    // "-" is standard output.
    static bool writePdf(const Registry &registry, const Findings &findings, const Options &options,
                         const QString &path, QPageSize::PageSizeId size,
                         QPageLayout::Orientation orientation, Error *error);

private:
    class Flow;
    struct TableColumn
    {
        QString title;
        double share; // of the page's width, relative to the other columns
        Qt::Alignment align;
    };
    void paintDocument(Flow &flow);
    void paintTitle(Flow &flow);
    void paintDeviceIndex(Flow &flow);
    void paintPolicy(Flow &flow);
    void paintRange(Flow &flow);
    void paintDevices(Flow &flow);
    void paintTable(Flow &flow, const QString &heading, const QVector<TableColumn> &columns,
                    const QVector<QStringList> &rows, const QVector<bool> &highlight);
    static QVector<double> columnWidths(double total, const QVector<TableColumn> &columns,
                                        const QVector<QStringList> &rows,
                                        const QFontMetricsF &metrics,
                                        const QFontMetricsF &headerMetrics);

    const Registry &m_registry;
    // A copy (implicitly shared): callers may pass a temporary.
    Findings m_findings;
    QVector<int> m_devicePages; // the page each device starts on, from the counting pass
    Options m_options;
};

} // namespace portolan
