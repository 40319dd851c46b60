#include "formats/FormatRegistry.h"

#include "domain/ParallelSections.h"
#include "domain/RouteTable.h"
#include "domain/TextRules.h"
#include "formats/yaml/YamlText.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace portolan {

namespace {

// `export homepage`: gethomepage.dev's services.yaml, every routed service as a link to its
// https name, grouped by device or by the block of its category.
class HomepageExporter final : public Exporter
{
    Q_DECLARE_TR_FUNCTIONS(HomepageExporter)

public:
    HomepageExporter()
        : Exporter({QStringLiteral("homepage"), tr("Homepage Dashboard"),
                    tr("a Homepage services.yaml with every routed service and its https link"),
                    tr("Homepage services (*.yaml *.yml)"), QStringLiteral("yaml"),
                    QStringLiteral("services.yaml")})
    {}

    QList<FormatOption> options() const override
    {
        return {FormatOption::choice(QStringLiteral("group-by"),
                                     {QStringLiteral("device"), QStringLiteral("category")},
                                     tr("How the dashboard groups the links."))};
    }

    bool write(const Registry &registry, const FormatValues &values, QByteArray *out,
               Error *error) const override
    {
        QByteArray text;
        if (!acceptableWhileWriting(registry, ExportCheck::Scope{-1, {}, true}, error,
                                    [&](Error *placeholderError) {
                                        return withoutPlaceholders(registry, placeholderError) &&
                                               dashboard(registry, values, &text, placeholderError);
                                    }))
            return false;
        *out = std::move(text);
        return true;
    }

private:
    static bool dashboard(const Registry &registry, const FormatValues &values, QByteArray *out,
                          Error *error)
    {
        const bool byCategory =
            values.value(QStringLiteral("group-by")) == QLatin1String("category");
        const RouteTable routes(registry);

        // Groups in the registry's order: devices as listed, categories in block order.
        QStringList groups;
        QHash<QString, QVector<const RouteTable::Entry *>> members;
        if (byCategory) {
            for (const Block &block : registry.policy.blocks) {
                if (!block.isReserved() && !members.contains(block.purpose)) {
                    groups << block.purpose;
                    members[block.purpose];
                }
            }
        }
        for (const RouteTable::Entry &entry : routes.entries()) {
            const Device &device = registry.devices[entry.device];
            const QString &key = byCategory ? device.services[entry.service].category : device.name;
            auto group = members.find(key);
            if (group == members.end()) {
                groups << key;
                group = members.insert(key, {});
            }
            group->append(&entry);
        }
        auto groupTitle = [&](const QString &key) {
            if (!byCategory)
                return key;
            for (const Block &block : registry.policy.blocks) {
                if (block.purpose == key)
                    return block.displayName();
            }
            return key;
        };

        // Written as text (YamlText): yaml-cpp's emitter spent most of a large dashboard's time
        // deciding whether each key and value may stay plain.
        QByteArray text;
        text.reserve(qsizetype(routes.entries().size()) * 160 + 1024);
        text += "# ";
        text +=
            tr("Homepage services: %n routed service(s), %1", nullptr, int(routes.entries().size()))
                .arg(provenance(registry, values))
                .simplified()
                .toUtf8();
        text += "\n\n";
        QStringList filled;
        for (const QString &key : std::as_const(groups)) {
            if (!members.value(key).isEmpty())
                filled << key;
        }
        const bool any = !filled.isEmpty();
        // Looked up once, not per route; the port goes in with the names in one pass.
        const QString withPort = tr("%1 on %2, port %3");
        const QString withoutPort = tr("%1 on %2");
        const QString notesSeparator = QStringLiteral(" · ");
        ParallelSections::append(text, int(filled.size()), [&](QByteArray &text, int g) {
            const QString &key = filled[g];
            const auto &entries = *members.constFind(key);
            text += "- ";
            YamlText::appendScalar(text, groupTitle(key));
            text += ":\n";
            QString href; // reused: one allocation per group, not per route
            for (const RouteTable::Entry *entry : entries) {
                const Device &device = registry.devices[entry->device];
                const Service &service = device.services[entry->service];
                QString description = entry->port ? withPort.arg(service.name, device.name,
                                                                 QString::number(*entry->port))
                                                  : withoutPort.arg(service.name, device.name);
                if (!service.notes.isEmpty())
                    description += notesSeparator + service.notes;
                href.resize(0);
                href += QLatin1String("https://");
                href += entry->fqdn;
                text += "    - ";
                YamlText::appendScalar(text, service.name);
                text += ":\n        href: ";
                YamlText::appendScalar(text, href);
                text += "\n        description: ";
                YamlText::appendScalar(text, description);
                text += '\n';
            }
        });
        if (!any)
            text += "[]\n";
        // Whatever else reaches the file, no placeholder does.
        if (holdsPlaceholder(text)) {
            *error = Error::fromText(tr("refusing to export: the dashboard would hold a Homepage "
                                        "placeholder, which Homepage would replace with a "
                                        "secret"));
            return false;
        }
        *out = text;
        return true;
    }

    // Homepage replaces {{HOMEPAGE_VAR_NAME}} and {{HOMEPAGE_FILE_NAME}} anywhere in
    // services.yaml with an environment variable or a file's content, usually a secret; free
    // text holding one would put that secret on the dashboard. Such text is refused, by name.
    static const QRegularExpression &placeholderPattern()
    {
        static const QRegularExpression placeholder(
            QStringLiteral("\\{\\{\\s*HOMEPAGE_(VAR|FILE)_"),
            QRegularExpression::CaseInsensitiveOption);
        return placeholder;
    }

    // Every placeholder starts with "{{": the pattern is tried only where one does, on the text
    // from there to past any run of spaces (ASCII or not) and the longest name after it.
    static bool holdsPlaceholder(const QByteArray &text)
    {
        static constexpr qsizetype LongestName = sizeof "HOMEPAGE_FILE_" - 1;
        for (qsizetype at = text.indexOf("{{"); at >= 0; at = text.indexOf("{{", at + 1)) {
            qsizetype end = at + 2;
            while (end < text.size() &&
                   (QChar::isSpace(uchar(text[end])) || uchar(text[end]) >= 0x80))
                ++end;
            end = std::min(text.size(), end + LongestName);
            const QString window = QString::fromUtf8(text.constData() + at, end - at);
            if (placeholderPattern()
                    .match(window, 0, QRegularExpression::NormalMatch,
                           QRegularExpression::AnchorAtOffsetMatchOption)
                    .hasMatch())
                return true;
        }
        return false;
    }

    static bool withoutPlaceholders(const Registry &registry, Error *error)
    {
        const QRegularExpression &placeholder = placeholderPattern();
        QStringList refused;
        // where() names the place only for text that is refused: not a string per service.
        auto check = [&](const auto &where, const QString &field, const QString &text) {
            if (text.contains(QLatin1String("{{")) && placeholder.match(text).hasMatch())
                refused << tr("refusing to export: %1: %2 holds a Homepage placeholder "
                              "({{HOMEPAGE_VAR_…}} or {{HOMEPAGE_FILE_…}}), which Homepage would "
                              "replace with a secret")
                               .arg(TextRules::forTerminal(where()), field);
        };
        for (const Block &block : registry.policy.blocks)
            check([] { return QStringLiteral("policy"); }, QStringLiteral("block label"),
                  block.label);
        for (const Device &device : registry.devices) {
            for (const Service &service : device.services) {
                const auto where = [&] {
                    return device.name + u'/' + service.name;
                };
                check(where, QStringLiteral("notes"), service.notes);
                // A category no block has is a group title of its own.
                check(where, QStringLiteral("category"), service.category);
            }
        }
        if (refused.isEmpty())
            return true;
        *error = Error::fromText(refused.join(u'\n'));
        return false;
    }
};

} // namespace

const Exporter &homepageExporter()
{
    static const HomepageExporter format;
    return format;
}

} // namespace portolan
