#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"
#include "formats/markdown/MarkdownReader.h"

#include <QStringList>

namespace portolan {

// What a Markdown import does to a registry, apart from reading the document: devices and
// services matched by name, created when new; bindings replaced by the document's (all its
// tables of a device together), keeping the exception and notes of matching ones; each change
// and warning as a line of the report. A new service's category is the purpose of the block
// its host port falls in, else `category`, else the import is refused naming the row (never a
// silent default).
namespace MarkdownImportPlan {

bool apply(const QVector<MarkdownReader::DeviceTable> &tables, Registry &registry,
           QStringList *report, const QString &category = {}, Error *error = nullptr);

} // namespace MarkdownImportPlan

} // namespace portolan
