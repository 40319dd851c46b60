#pragma once

#include "domain/Registry.h"
#include "domain/Error.h"
#include "formats/FormatOption.h"

#include <QByteArray>
#include <QList>

namespace portolan {

// One export format: what `portolan-cli export NAME` writes and what the app's Export menu
// previews. A new format is one class and one line in FormatRegistry; the CLI, its help and
// completion, and the menu list it from there.
class Exporter
{
public:
    virtual ~Exporter() = default;

    virtual QString name() const = 0;    // the CLI word: "markdown", "compose"
    virtual QString title() const = 0;   // the menu entry: "Markdown Document"
    virtual QString summary() const = 0; // one line for --help
    virtual QString fileFilter() const = 0;
    virtual QString suggestedFileName(const Registry &registry, const FormatValues &values) const = 0;
    // What the preview highlights: "yaml", "markdown", "toml", "json", "text".
    virtual QString syntax() const = 0;
    virtual QList<FormatOption> options() const { return {}; }

    // Writes the export. Refuses (false, with *error) a registry with an invalid value among
    // what it would write, and options that name nothing (an unknown device or service).
    virtual bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
                       Error *error) const = 0;
};

} // namespace portolan
