#pragma once

#include "formats/Exporter.h"
#include "formats/Importer.h"

#include <QList>

namespace portolan {

// Every export and import format Portolan has, in menu order. The CLI's `export` and
// `import` commands, their help and the bash completion, and the app's Export and Import
// menus are built from these lists; registering a format here is all it takes to appear there.
// Each format is one file: its class private to it, its accessor here.
const Exporter &markdownExporter();
const Exporter &composeExporter();
const Exporter &dnsExporter();
const Exporter &proxyRoutesExporter();
const Exporter &homepageExporter();
const Exporter &ansibleExporter();
const Exporter &firewallExporter();
const Importer &composeImporter();
const Importer &markdownImporter();
const Importer &dockerImporter();

class FormatRegistry
{
public:
    static const QList<const Exporter *> &exporters();
    static const QList<const Importer *> &importers();
    static const Exporter *exporter(const QString &name);
    static const Importer *importer(const QString &name);
};

} // namespace portolan
