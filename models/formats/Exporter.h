#pragma once

#include "check/ExportCheck.h"
#include "domain/Error.h"
#include "domain/Registry.h"
#include "formats/FormatOption.h"

#include <QByteArray>
#include <QList>

namespace portolan {

// One export format: what `portolan-cli export NAME` writes and what the app's Export menu
// previews. A new format is one file (its class, and an accessor FormatRegistry.h declares)
// and one line in FormatRegistry.cpp; the CLI, its help and completion, and the menu list it
// from there.
class Exporter
{
public:
    struct Description
    {
        QString name;    // the CLI word: "markdown", "compose"
        QString title;   // the menu entry: "Markdown Document"
        QString summary; // one line for --help
        QString fileFilter;
        QString syntax; // what the preview highlights: yaml, markdown, toml, json, text
        // The file name Save suggests; {device} and {domain} are filled in.
        QString fileName;
    };

    explicit Exporter(Description description)
        : m_description(std::move(description))
    {}
    virtual ~Exporter() = default;

    QString name() const { return m_description.name; }
    QString title() const { return m_description.title; }
    QString summary() const { return m_description.summary; }
    QString fileFilter() const { return m_description.fileFilter; }
    QString syntax() const { return m_description.syntax; }
    QString suggestedFileName(const Registry &registry, const FormatValues &values) const;
    virtual QList<FormatOption> options() const { return {}; }

    // Writes the export. Refuses (false, with *error) a registry with an invalid value among
    // what it would write, and options that name nothing (an unknown device or service).
    virtual bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
                       Error *error) const = 0;

protected:
    // The invalid values in scope, as the refusal's error; false when there are some.
    static bool acceptable(const Registry &registry, const ExportCheck::Scope &scope, Error *error);

private:
    Description m_description;
};

} // namespace portolan
