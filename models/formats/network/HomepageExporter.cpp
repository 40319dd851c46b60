#include "formats/FormatRegistry.h"

#include "domain/ParallelSections.h"
#include "domain/TextRules.h"
#include "formats/yaml/YamlText.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <charconv>

namespace portolan {

namespace {

// A translated "%1 on %2, port %3", cut once at its placeholders (by QString::arg itself, given
// markers) and then filled per route as UTF-8: fifty thousand arg() calls, each a parse of the
// text and a new string, were a fifth of a large dashboard's time.
class FilledTemplate
{
public:
    FilledTemplate(const QString &translated, int arguments)
    {
        static const QString markers[] = {QString(QChar(1)), QString(QChar(2)), QString(QChar(3))};
        const QString marked = arguments == 3 ? translated.arg(markers[0], markers[1], markers[2])
                                              : translated.arg(markers[0], markers[1]);
        QString literal;
        for (const QChar c : marked) {
            if (c.unicode() >= 1 && c.unicode() <= 3) {
                m_literals << literal.toUtf8();
                m_arguments << c.unicode() - 1;
                literal.clear();
            } else {
                literal += c;
            }
        }
        m_literals << literal.toUtf8();
    }

    // Appends the text with `arguments[i]` (UTF-8) for placeholder %(i + 1).
    void fill(ByteWriter &out, const QByteArrayView *arguments) const
    {
        out += m_literals[0];
        for (qsizetype i = 0; i < m_arguments.size(); ++i) {
            out += arguments[m_arguments[i]];
            out += m_literals[i + 1];
        }
    }

private:
    QList<QByteArray> m_literals;
    QList<int> m_arguments;
};

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
        return writeJoined(registry, values, out, error);
    }

    bool writeParts(const Registry &registry, const FormatValues &values, QList<QByteArray> *parts,
                    Error *error) const override
    {
        QList<QByteArray> written;
        if (!acceptableWhileWriting(
                registry, ExportCheck::Scope{-1, {}, true}, error, [&](Error *placeholderError) {
                    const std::vector<Glance> glances = glanceAt(registry);
                    return withoutPlaceholders(registry, glances, placeholderError) &&
                           Dashboard(registry, values, glances)
                               .checkedParts(&written, placeholderError);
                }))
            return false;
        *parts = std::move(written);
        return true;
    }

    // Checked first. Then, when no '{' can reach the dashboard, it goes out in runs of groups as
    // they are written (no copy of the whole held, 7 MB at 50,000 routes); otherwise it is
    // written whole and looked at, as writeParts() does.
    bool writeTo(const Registry &registry, const FormatValues &values, const Sink &sink,
                 Error *error) const override
    {
        bool braces = false;
        // Each device glanced at while the check has it at hand, on its two threads: the
        // placeholders and the groups then need no walk of their own through every service.
        std::vector<Glance> glances(std::size_t(registry.devices.size()));
        if (!acceptable(registry, ExportCheck::Scope{-1, {}, true}, error,
                        [&](int d) { glances[std::size_t(d)] = glance(registry.devices[d]); }) ||
            !withoutPlaceholders(registry, glances, error, &braces))
            return false;
        const Dashboard dashboard(registry, values, glances);
        if (!braces && !dashboard.mayHoldBrace()) {
            if (dashboard.streamed(sink))
                return true;
            *error = sinkFailed();
            return false;
        }
        QList<QByteArray> parts;
        return dashboard.checkedParts(&parts, error) && handOn(parts, sink, error);
    }

private:
    // A routed service: devices[device].services[service].
    struct Routed
    {
        int device;
        int service;
    };

    // What the dashboard needs to know of a device before it writes.
    struct Glance
    {
        char braces = 0; // a '{' (1) or a "{{" (2) in a service's notes or category
        int routes = 0;  // its routed services
    };
    static Glance glance(const Device &device)
    {
        Glance found;
        for (const Service &service : device.services) {
            if (service.route)
                ++found.routes;
            for (const QString *text : {&service.notes, &service.category}) {
                if (found.braces == 2 || !text->contains(u'{'))
                    continue;
                found.braces = holdsBraces(*text) ? 2 : 1;
            }
        }
        return found;
    }
    // Every device's glance, on two threads.
    static std::vector<Glance> glanceAt(const Registry &registry)
    {
        std::vector<Glance> glances(std::size_t(registry.devices.size()));
        ParallelSections::forEach(int(registry.devices.size()), [&](int d) {
            glances[std::size_t(d)] = glance(registry.devices[d]);
        });
        return glances;
    }

    // One registry's dashboard: the header, then a group of links per device or per category,
    // written in runs of groups on two threads.
    class Dashboard
    {
    public:
        Dashboard(const Registry &registry, const FormatValues &values,
                  const std::vector<Glance> &glances)
            : m_registry(registry)
            , m_byCategory(values.value(QStringLiteral("group-by")) == QLatin1String("category"))
            // No route table: a link needs only the route's name and port, not its proxy, and
            // a table of 50,000 routes was megabytes of fresh memory.
            , m_names(registry.policy)
        {
            if (m_byCategory)
                gatherCategories();
            // By device, a group is a device with a route, in the registry's order: known from
            // the glances, with no walk through the services. (Two devices of one name are two
            // groups here, where a name used to be one; a network export refuses them anyway.)
            for (int d = 0; d < int(glances.size()); ++d) {
                const int routes = glances[std::size_t(d)].routes;
                m_routed += routes;
                if (!m_byCategory && routes > 0)
                    m_deviceGroups.append(d);
            }
            ByteWriter header;
            header += "# ";
            header.appendUtf8(QStringLiteral("Homepage services: %1, %2")
                                  .arg(counted(m_routed, "routed service", "routed services"),
                                       provenance(registry, values))
                                  .simplified());
            header += "\n\n";
            m_header = header.take();
        }

        // Whether a '{' could be written by more than notes and categories (which
        // withoutPlaceholders looks at): the header, with the file's name, or a block's
        // label or purpose. Device, service and host names hold none once the registry is
        // acceptable (invalid-value), nor does the domain.
        bool mayHoldBrace() const
        {
            if (m_header.contains('{'))
                return true;
            for (const Block &block : m_registry.policy.blocks) {
                if (block.label.contains(u'{') || block.purpose.contains(u'{'))
                    return true;
            }
            return false;
        }

        // The dashboard in parts: the header and the first run of groups, then each later run
        // (ParallelSections::appendInParts), not copied after the first: at 50,000 routes that
        // copy was 4 MB of fresh memory. Refused if a placeholder is anywhere in it.
        bool checkedParts(QList<QByteArray> *out, Error *error) const
        {
            ByteWriter text(m_routed * 160 + 1024);
            text += m_header;
            std::vector<ByteWriter> later = ParallelSections::appendInParts(
                text, groupCount(), [this](ByteWriter &part, int g) { writeGroup(part, g); });
            if (groupCount() == 0)
                text += "[]\n";
            QList<QByteArray> written = ByteWriter::takeParts(text, later);
            // Whatever else reaches the file, no placeholder does: in each part, and where two
            // meet (a placeholder across a seam is one as well).
            bool holds = false;
            for (qsizetype i = 0; i < written.size() && !holds; ++i)
                holds = holdsPlaceholder(written[i]) ||
                        (i > 0 && holdsPlaceholder(written[i - 1].right(SeamBytes) +
                                                   written[i].left(SeamBytes)));
            if (holds) {
                *error = Error::fromText(
                    tr("refusing to export: the dashboard would hold a Homepage placeholder, "
                       "which Homepage would replace with a secret"));
                return false;
            }
            *out = std::move(written);
            return true;
        }

        // The same text handed to `sink` as it is written (ParallelSections::writeInOrder),
        // for a dashboard that holds no '{'.
        bool streamed(const Sink &sink) const
        {
            return sink(m_header) &&
                   ParallelSections::writeInOrder<ByteWriter>(
                       groupCount(), [this](ByteWriter &part, int g) { writeGroup(part, g); },
                       [&sink](const ByteWriter &part) { return sink(part.view()); }) &&
                   (groupCount() > 0 || sink("[]\n"));
        }

    private:
        // The groups by category: in block order, then categories no block has as they come.
        void gatherCategories()
        {
            QStringList groups;
            for (const Block &block : m_registry.policy.blocks) {
                if (!block.isReserved() && !m_members.contains(block.purpose)) {
                    groups << block.purpose;
                    m_members[block.purpose];
                }
            }
            // Routes come device by device: a group is looked up when the category changes,
            // not per route.
            const QString *lastKey = nullptr;
            auto group = m_members.end();
            for (int d = 0; d < m_registry.devices.size(); ++d) {
                const Device &device = m_registry.devices[d];
                for (int s = 0; s < device.services.size(); ++s) {
                    if (!device.services[s].route)
                        continue;
                    const QString &key = device.services[s].category;
                    if (!lastKey || *lastKey != key) {
                        group = m_members.find(key);
                        if (group == m_members.end()) {
                            groups << key;
                            group = m_members.insert(key, {});
                        }
                        lastKey = &key;
                    }
                    group->append({d, s});
                }
            }
            for (const QString &key : std::as_const(groups)) {
                if (!m_members.value(key).isEmpty())
                    m_filled << key;
            }
        }

        int groupCount() const
        {
            return int(m_byCategory ? m_filled.size() : m_deviceGroups.size());
        }

        QString categoryTitle(const QString &key) const
        {
            for (const Block &block : m_registry.policy.blocks) {
                if (block.purpose == key)
                    return block.displayName();
            }
            return key;
        }

        // Written as text (YamlText): yaml-cpp's emitter spent most of a large dashboard's
        // time deciding whether each key and value may stay plain.
        void writeGroup(ByteWriter &text, int g) const
        {
            text += "- ";
            if (m_byCategory)
                YamlText::appendScalar(text, categoryTitle(m_filled[g]));
            else
                YamlText::appendScalar(text, m_registry.devices[m_deviceGroups[g]].name);
            text += ":\n";
            // Reused: one allocation per group, not per route. Each value is put together in
            // UTF-8, then written plain or quoted as a whole.
            ByteWriter name;
            ByteWriter deviceName;
            ByteWriter value;
            QString fqdn;
            const auto writeLink = [&](int d, int s) {
                const Device &device = m_registry.devices[d];
                const Service &service = device.services[s];
                const Route &route = *service.route;
                name.truncate(0);
                name.appendUtf8(service.name);
                deviceName.truncate(0);
                deviceName.appendUtf8(device.name);
                char digits[16];
                const auto digitCount =
                    route.port
                        ? std::to_chars(digits, digits + sizeof digits, *route.port).ptr - digits
                        : 0;
                const QByteArrayView arguments[] = {name.view(), deviceName.view(),
                                                    QByteArrayView(digits, digitCount)};
                text += "    - ";
                YamlText::appendScalar(text, name.view());
                text += ":\n        href: ";
                value.truncate(0);
                value += "https://";
                fqdn.truncate(0);
                m_names.appendFqdn(fqdn, route);
                value.appendUtf8(fqdn);
                YamlText::appendScalar(text, value.view());
                text += "\n        description: ";
                value.truncate(0);
                (route.port ? m_withPort : m_withoutPort).fill(value, arguments);
                if (!service.notes.isEmpty()) {
                    value += m_notesSeparator;
                    value.appendUtf8(service.notes);
                }
                YamlText::appendScalar(text, value.view());
                text += '\n';
            };
            if (m_byCategory) {
                for (const Routed &routed : *m_members.constFind(m_filled[g]))
                    writeLink(routed.device, routed.service);
                return;
            }
            const int d = m_deviceGroups[g];
            for (int s = 0; s < m_registry.devices[d].services.size(); ++s) {
                if (m_registry.devices[d].services[s].route)
                    writeLink(d, s);
            }
        }

        const Registry &m_registry;
        const bool m_byCategory;
        const RouteNames m_names;
        // By category: each group's routed services, and the groups with a link, in order.
        QHash<QString, QVector<Routed>> m_members;
        QStringList m_filled;
        // By device: the devices with a route, in order.
        QVector<int> m_deviceGroups;
        qsizetype m_routed = 0;
        QByteArray m_header;
        // Looked up once, not per route; the port goes in with the names in one pass.
        const FilledTemplate m_withPort{QStringLiteral("%1 on %2, port %3"), 3};
        const FilledTemplate m_withoutPort{QStringLiteral("%1 on %2"), 2};
        const QByteArray m_notesSeparator = QStringLiteral(" · ").toUtf8();
    };

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
        // (Each later part starts a group, "- ", so none can run across a seam; it is looked
        // for there anyway, SeamBytes on each side.)
        static constexpr qsizetype LongestName = sizeof "HOMEPAGE_FILE_" - 1;
        // Found by its first brace (a byte search, memchr); a search for the two-byte string
        // took 6 ms of a 7 MB dashboard.
        for (qsizetype at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
            if (at + 1 >= text.size() || text[at + 1] != '{')
                continue;
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

    static constexpr qsizetype SeamBytes = 4096;

    // "{{" somewhere: most text holds no brace at all.
    static bool holdsBraces(QStringView text)
    {
        for (qsizetype at = 1; at < text.size(); ++at) {
            if (text[at] == u'{' && text[at - 1] == u'{')
                return true;
        }
        return false;
    }

    // glances: every device's. anyBrace: set to whether any note or category holds a '{'.
    static bool withoutPlaceholders(const Registry &registry, const std::vector<Glance> &glances,
                                    Error *error, bool *anyBrace = nullptr)
    {
        const QRegularExpression &placeholder = placeholderPattern();
        QStringList refused;
        // where() names the place only for text that is refused: not a string per service.
        auto check = [&](const auto &where, const QString &field, const QString &text) {
            if (holdsBraces(text) && placeholder.match(text).hasMatch())
                refused << tr("refusing to export: %1: %2 holds a Homepage placeholder "
                              "({{HOMEPAGE_VAR_…}} or {{HOMEPAGE_FILE_…}}), which Homepage would "
                              "replace with a secret")
                               .arg(TextRules::forTerminal(where()), field);
        };
        for (const Block &block : registry.policy.blocks)
            check([] { return QStringLiteral("policy"); }, QStringLiteral("block label"),
                  block.label);
        // The glances say which devices hold a "{{" in a note or category: the pattern is
        // tried, in order, only on those.
        if (anyBrace)
            *anyBrace = std::any_of(glances.cbegin(), glances.cend(),
                                    [](const Glance &glance) { return glance.braces != 0; });
        for (qsizetype d = 0; d < registry.devices.size(); ++d) {
            if (glances[std::size_t(d)].braces != 2)
                continue;
            const Device &device = registry.devices[d];
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
