#pragma once

#include "domain/Registry.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <functional>

namespace portolan {

// The registry as the Markdown document admins used to keep by hand: policy summary, range
// table with real numbers and fill, then one allocation table per device.
class MarkdownWriter
{
public:
    static QString toMarkdown(const Registry &registry);
    // The same document as UTF-8, as it is saved: the export's own form.
    static QByteArray toMarkdownUtf8(const Registry &registry);
    // The same bytes in parts, in order (a large registry's devices are written by two threads
    // in runs, each into a part of its own): for a caller that writes them out in turn.
    static QList<QByteArray> toMarkdownParts(const Registry &registry);
    // The same bytes handed to `sink` as they are written, in order, never held whole; false
    // once the sink returns false.
    static bool writeMarkdown(const Registry &registry,
                              const std::function<bool(QByteArrayView)> &sink);

    // Table cells: pipes escaped and line breaks turned into <br>, so no value breaks a row.
    static QString escapeCell(const QString &text);

private:
    static QString headOf(const Registry &registry);
};

} // namespace portolan
