#include "formats/FormatRegistry.h"

namespace portolan {

const QList<const Exporter *> &FormatRegistry::exporters()
{
    static const QList<const Exporter *> all = {
        &markdownExporter(), &composeExporter(), &dnsExporter(),     &proxyRoutesExporter(),
        &homepageExporter(), &ansibleExporter(), &firewallExporter()};
    return all;
}

const QList<const Importer *> &FormatRegistry::importers()
{
    static const QList<const Importer *> all = {&composeImporter(), &markdownImporter(),
                                                &dockerImporter()};
    return all;
}

const Exporter *FormatRegistry::exporter(const QString &name)
{
    for (const Exporter *format : exporters()) {
        if (format->name() == name)
            return format;
    }
    return nullptr;
}

const Importer *FormatRegistry::importer(const QString &name)
{
    for (const Importer *format : importers()) {
        if (format->name() == name)
            return format;
    }
    return nullptr;
}

} // namespace portolan
