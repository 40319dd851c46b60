// Helper for tst_crashsafety: writes the same target over and over until it is killed.
//   crash_writer yaml TARGET A.yaml B.yaml       YAML saves (QSaveFile), alternating A and B
//   crash_writer convert TARGET A.yaml B.yaml    .portolan replaced as a whole, alternating
//   crash_writer edit TARGET.portolan            undoable edits written through to SQLite
// Prints "ready" once it is writing, so the test kills it mid-work, not before.
#include "document/Document.h"
#include "document/commands/AddRemove.h"
#include "formats/yaml/YamlWriter.h"
#include "store/RegistryIo.h"

#include <QCoreApplication>

#include <cstdio>

using namespace portolan;

namespace {

Registry load(const QString &path)
{
    Registry registry;
    Error error;
    if (!RegistryIo::load(path, registry, error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
        std::exit(2);
    }
    return registry;
}

void ready()
{
    std::printf("ready\n");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return 2;
    const QString mode = args[1];
    const QString target = args[2];
    Error error;
    if (mode == QLatin1String("yaml") || mode == QLatin1String("convert")) {
        const Registry registries[2] = {load(args.value(3)), load(args.value(4))};
        ready();
        for (int i = 0;; i = 1 - i) {
            const bool ok = mode == QLatin1String("yaml")
                                ? YamlWriter().writeFile(registries[i], target)
                                : RegistryIo::save(registries[i], target, &error);
            if (!ok)
                return 3;
        }
    }
    if (mode == QLatin1String("edit")) {
        Document document;
        if (!document.open(target, &error))
            return 2;
        const qint64 serviceId = document.registry().devices[0].services[0].key.id;
        ready();
        for (int port = 20000;; ++port) {
            Binding binding;
            binding.host = PortRange::single(20000 + port % 900);
            binding.container = binding.host;
            binding.exception = Exceptions::NonHttp;
            // Add then take back: the file holds the baseline or baseline + 1, never more.
            document.undoStack()->push(new AddBinding(&document, serviceId, 0, binding));
            document.undoStack()->undo();
        }
    }
    return 2;
}
