// Timings inside the core that a command line cannot show: re-check after one edit against a
// full validation, a full heatmap repaint of a 10,000-port range, and (given the YAML form as a
// second argument) the YAML reader on each of its two event sources.
#include "check/Occupancy.h"
#include "check/RegistrySearch.h"
#include "check/Validator.h"
#include "document/Document.h"
#include "domain/WellKnownPorts.h"
#include "formats/yaml/YamlReader.h"
#include "formats/yaml/YamlWriter.h"
#include "itemmodels/FindingsFilter.h"
#include "itemmodels/FindingsModel.h"
#include "itemmodels/ItemRoles.h"
#include "itemmodels/PortMapFilter.h"
#include "itemmodels/PortMapModel.h"
#include "overview/HeatmapPainter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>

using namespace portolan;

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    if (argc != 2 && argc != 3)
        return 2;
    Document document;
    Error error;
    if (!document.open(QString::fromLocal8Bit(argv[1]), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
        return 2;
    }
    const Registry &registry = document.registry();

    // Full validation, best of 5.
    const Validator validator(&WellKnownPorts::system());
    double full = 1e9;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        const Findings findings = validator.validate(registry);
        full = std::min(full, timer.nsecsElapsed() / 1e6);
        if (findings.isEmpty() && i == 99)
            std::printf("unreachable\n");
    }

    // One edit, re-checked incrementally by the document, best of 50: a single run is well under
    // a millisecond, so one stray page fault or context switch would otherwise decide it.
    double edit = 1e9;
    const Binding original = registry.devices[registry.devices.size() / 2].services[0].ports[0];
    for (int i = 0; i < 50; ++i) {
        Binding changed = original;
        changed.notes = QStringLiteral("edit %1").arg(i);
        QElapsedTimer timer;
        timer.start();
        document.update(original.key.id, changed);
        document.findings();
        edit = std::min(edit, timer.nsecsElapsed() / 1e6);
    }

    // Heatmap: a 10,000-port range, full repaint into a window-sized image, best of 20.
    const Occupancy occupancy(registry, document.findings());
    QPalette palette;
    const HeatmapPainter painter(registry, occupancy, palette);
    QImage image(1200, 420, QImage::Format_ARGB32_Premultiplied);
    const auto geometry = painter.layout(QRectF(10, 10, 1180, 400));
    double paint = 1e9;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer timer;
        timer.start();
        image.fill(Qt::white);
        QPainter p(&image);
        painter.paint(p, geometry);
        p.end();
        paint = std::min(paint, timer.nsecsElapsed() / 1e6);
    }
    // The GUI thread's share of each interaction, through the item models the views read (the
    // rows a window shows, 40, are read as a view would paint them). Best of 5 each.
    auto best = [](int runs, const std::function<void()> &work) {
        double fastest = 1e9;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer timer;
            timer.start();
            work();
            fastest = std::min(fastest, timer.nsecsElapsed() / 1e6);
        }
        return fastest;
    };
    auto readRows = [](QAbstractItemModel &model) {
        const int rows = std::min(model.rowCount(), 40);
        for (int r = 0; r < rows; ++r) {
            for (int c = 0; c < model.columnCount(); ++c) {
                model.index(r, c).data(Qt::DisplayRole);
                model.index(r, c).data(Qt::ToolTipRole);
            }
        }
    };
    PortMapModel portMap(&document);
    PortMapFilter portFilter;
    portFilter.setSourceModel(&portMap);
    portFilter.setSortRole(SortRole);
    int switchTo = 0;
    const double switchDevice = best(5, [&] {
        portMap.setDeviceId(registry.devices[(switchTo++ * 97) % registry.devices.size()].key.id);
        readRows(portFilter);
    });
    bool ascending = true;
    const double sortPortMap = best(5, [&] {
        portFilter.sort(PortMapModel::HostPort,
                        ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
        ascending = !ascending;
        readRows(portFilter);
    });
    int word = 0;
    const double filterPortMap = best(5, [&] {
        portFilter.setSearchText(word++ % 2 ? QStringLiteral("svc00") : QStringLiteral("udp"));
        readRows(portFilter);
    });
    portFilter.setSearchText(QString());
    const double searchAll = best(5, [&] {
        const auto hits = RegistrySearch::find(registry, QStringLiteral("20022"));
        if (hits.size() == -1)
            std::printf("unreachable\n");
    });

    // 10,000 findings, as the issue sizes the Findings dock: the policy names no proxy, and 100
    // of the devices run none of their own, so each of their 100 routes is a warning.
    Registry manyFindings = registry;
    manyFindings.policy.proxyDevice.clear();
    for (int d = 0; d < manyFindings.devices.size() - 100; ++d) {
        Binding proxy;
        proxy.host = PortRange::single(443);
        proxy.container = PortRange::single(443);
        proxy.exception = Exceptions::ReverseProxy;
        manyFindings.devices[d].services[0].ports.append(proxy);
    }
    QTemporaryDir scratch;
    const QString findingsFile = scratch.filePath(QStringLiteral("findings.yaml"));
    QFile out(findingsFile);
    if (!out.open(QIODevice::WriteOnly) || out.write(YamlWriter::toYaml(manyFindings)) < 0)
        return 2;
    out.close();
    Document findingsDocument;
    if (!findingsDocument.open(findingsFile, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
        return 2;
    }
    FindingsModel findingsModel(&findingsDocument);
    FindingsFilter findingsFilter;
    findingsFilter.setSourceModel(&findingsModel);
    findingsFilter.setSortRole(SortRole);
    const int findingCount = findingsModel.rowCount();
    const double sortFindings = best(5, [&] {
        findingsFilter.sort(2, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
        ascending = !ascending;
        readRows(findingsFilter);
    });
    bool errorsOnly = false;
    const double filterFindings = best(5, [&] {
        errorsOnly = !errorsOnly;
        findingsFilter.setErrorsOnly(errorsOnly);
        readRows(findingsFilter);
    });
    findingsFilter.setErrorsOnly(false);
    const double clickFinding = best(5, [&] {
        const QModelIndex row = findingsFilter.index(findingsFilter.rowCount() / 2, 0);
        row.data(Qt::DisplayRole);
        findingsFilter.mapToSource(row).data(ElementIdRole);
    });
    std::printf("switch_device_ms %.3f\nsort_port_map_ms %.3f\nfilter_port_map_ms %.3f\n"
                "search_all_devices_worker_ms %.3f\nfindings_count %d\nsort_findings_ms %.3f\n"
                "filter_findings_ms %.3f\nclick_finding_ms %.3f\n",
                switchDevice, sortPortMap, filterPortMap, searchAll, findingCount, sortFindings,
                filterFindings, clickFinding);

    if (argc == 3) {
        for (const auto &[engine, name] : {std::pair{YamlReader::Engine::Libyaml, "libyaml"},
                                           std::pair{YamlReader::Engine::YamlCpp, "yamlcpp"}}) {
            YamlReader reader;
            reader.setEngine(engine);
            Registry read;
            QElapsedTimer timer;
            timer.start();
            if (!reader.readFile(QString::fromLocal8Bit(argv[2]), read))
                return 2;
            std::printf("yaml_read_%s_ms %.3f\n", name, timer.nsecsElapsed() / 1e6);
        }
    }
    std::printf("full_validation_ms %.3f\nrecheck_after_edit_ms %.3f\nheatmap_repaint_ms "
                "%.3f\nrange_ports %d\n",
                full, edit, paint, registry.policy.range.length());
    return 0;
}
