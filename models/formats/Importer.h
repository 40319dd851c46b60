#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"
#include "formats/FormatOption.h"

#include <QCoreApplication>

#include <QList>
#include <QStringList>

#include <memory>

namespace portolan {

// What an import read, ready to be merged into a registry: the merge runs on the registry as
// it is when it is applied (under the target's lock in the CLI, on the open document in the
// app), so concurrent changes are merged, not overwritten.
class PreparedImport
{
public:
    virtual ~PreparedImport() = default;
    // Turns `wanted` (a copy of `current`) into the registry with the import merged in;
    // warnings say what could not be taken over as it was. False (with *error) refuses it all.
    virtual bool mergeInto(const Registry &current, Registry &wanted, QStringList *warnings,
                           Error *error) const = 0;
};

// One import format: `portolan-cli import NAME FILE --into TARGET` and the app's Import menu.
class Importer
{
public:
    struct Description
    {
        QString name;  // "compose", "markdown"
        QString title; // "Compose File"
        QString summary;
        QString fileFilter;
    };

    explicit Importer(Description description)
        : m_description(std::move(description))
    {}
    virtual ~Importer() = default;

    QString name() const { return m_description.name; }
    QString title() const { return m_description.title; }
    QString summary() const { return m_description.summary; }
    QString fileFilter() const { return m_description.fileFilter; }
    virtual QList<FormatOption> options() const { return {}; }

    // Reads the input (a file, or "-" for standard input); nothing is merged yet.
    virtual std::unique_ptr<PreparedImport> read(const QString &path, const FormatValues &values,
                                                 Error *error) const = 0;

protected:
    // --category PURPOSE: where services go whose ports fall in no block.
    static FormatOption categoryOption()
    {
        return FormatOption::value(
            QStringLiteral("category"), QStringLiteral("PURPOSE"),
            QCoreApplication::translate("portolan::Importer",
                                        "Category of new services whose ports fall in no block."));
    }

private:
    Description m_description;
};

} // namespace portolan
