#include "formats/FormatRegistry.h"

#include "check/Validator.h"
#include "domain/IpAddress.h"
#include "domain/TextRules.h"
#include "formats/markdown/MarkdownImportPlan.h"
#include "formats/markdown/MarkdownReader.h"

#include <QCoreApplication>

namespace portolan {

namespace {

class PreparedMarkdown final : public PreparedImport
{
public:
    PreparedMarkdown(MarkdownReader reader, QString category)
        : m_reader(std::move(reader))
        , m_category(std::move(category))
    {}

    bool mergeInto(const Registry &, Registry &wanted, QStringList *warnings,
                   Error *error) const override
    {
        QStringList report;
        if (!MarkdownImportPlan::apply(m_reader.devices(), wanted, &report, m_category, error)) {
            if (error->location.line > 0)
                error->location.file = m_reader.displayName();
            return false;
        }
        // What the document had that could not be taken (rows without a host port, cells
        // that could not be read), then the merge's own warnings; the diff says the rest.
        *warnings << m_reader.warnings();
        for (const QString &line : report) {
            if (line.startsWith(QLatin1String("warning: ")))
                *warnings << line.mid(9);
        }
        return true;
    }

private:
    MarkdownReader m_reader;
    QString m_category;
};

// `import markdown`: "### NAME (IP)" headings and their allocation tables, hand-kept or
// exported, merged into the registry.
class MarkdownImporter final : public Importer
{
public:
    MarkdownImporter()
        : Importer({QStringLiteral("markdown"),
                    QCoreApplication::translate("portolan::MarkdownImporter", "Markdown Registry"),
                    QCoreApplication::translate("portolan::MarkdownImporter",
                                                "port tables as people keep them, under \"### "
                                                "NAME (IP)\" headings or for --device NAME --ip "
                                                "IP"),
                    QCoreApplication::translate("portolan::MarkdownImporter",
                                                "Markdown (*.md *.markdown)")})
    {}

    QList<FormatOption> options() const override
    {
        return {FormatOption::value(QStringLiteral("device"), QStringLiteral("NAME"),
                                    QCoreApplication::translate(
                                        "portolan::MarkdownImporter",
                                        "A device the document's tables are for when they have "
                                        "no ### NAME (IP) heading (repeatable, with --ip; "
                                        "tables and rows naming none go to the first)."))
                    .makeRepeatable(),
                FormatOption::value(
                    QStringLiteral("ip"), QStringLiteral("IP"),
                    QCoreApplication::translate("portolan::MarkdownImporter",
                                                "The address of each --device, in the same order "
                                                "(optional for devices already in the registry)."))
                    .makeRepeatable(),
                categoryOption()};
    }

    std::unique_ptr<PreparedImport> read(const QString &path, const FormatValues &values,
                                         Error *error) const override;
};

} // namespace

std::unique_ptr<PreparedImport>
MarkdownImporter::read(const QString &path, const FormatValues &values, Error *error) const
{
    const QStringList names = values.values(QStringLiteral("device"));
    const QStringList addresses = values.values(QStringLiteral("ip"));
    if (addresses.size() > names.size()) {
        *error = Error::fromText(QStringLiteral("%1 --ip but %2 --device: each address goes "
                                                "with the device before it")
                                     .arg(addresses.size())
                                     .arg(names.size()));
        return nullptr;
    }
    QVector<MarkdownReader::GivenDevice> given;
    for (int i = 0; i < names.size(); ++i) {
        const QString ip = addresses.value(i);
        if (!Validator::isValidDeviceName(names[i]) || (!ip.isEmpty() && !IpAddress::isValid(ip))) {
            *error = Error::fromText(
                !Validator::isValidDeviceName(names[i])
                    ? QStringLiteral("\"%1\" is not a device name (letters, digits, '.', '_', '-')")
                          .arg(TextRules::forTerminal(names[i]))
                    : QStringLiteral("\"%1\" is not an IPv4 or IPv6 address")
                          .arg(TextRules::forTerminal(ip)));
            return nullptr;
        }
        given.append({names[i], ip});
    }
    MarkdownReader reader;
    reader.setDevices(given);
    if (!reader.readFile(path)) {
        *error = reader.error();
        return nullptr;
    }
    return std::make_unique<PreparedMarkdown>(std::move(reader),
                                              values.value(QStringLiteral("category")));
}

const Importer &markdownImporter()
{
    static const MarkdownImporter format;
    return format;
}

} // namespace portolan
