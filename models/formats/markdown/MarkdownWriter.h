#pragma once

#include "domain/Registry.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace portolan {

// The registry as the Markdown document admins used to keep by hand: policy summary, range
// table with real numbers and fill, then one allocation table per device.
class MarkdownWriter
{
public:
    static QString toMarkdown(const Registry &registry);
    // The same document as UTF-8, as it is saved: the export's own form.
    static QByteArray toMarkdownUtf8(const Registry &registry);
    // The same bytes in parts, in order (a large registry's devices are written in two halves
    // at once, the second into a part of its own): for a caller that writes them out in turn.
    static QList<QByteArray> toMarkdownParts(const Registry &registry);

    // Table cells: pipes escaped and line breaks turned into <br>, so no value breaks a row.
    static QString escapeCell(const QString &text);
};

} // namespace portolan
