#pragma once

#include "domain/Registry.h"
#include "formats/markdown/MarkdownReader.h"

#include <QStringList>

namespace portolan {

// What a Markdown import does to a registry, apart from reading the document: devices and
// services matched by name, created when new; bindings replaced, keeping the exception and
// notes of matching ones; each change and warning as a line of the report.
namespace MarkdownImportPlan {

void apply(const QVector<MarkdownReader::DeviceTable> &tables, Registry &registry,
           QStringList *report);

} // namespace MarkdownImportPlan

} // namespace portolan
