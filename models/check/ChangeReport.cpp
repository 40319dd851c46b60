#include "check/ChangeReport.h"

#include "check/FindingsReport.h"
#include "check/Validator.h"
#include "domain/TextRules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <future>

namespace portolan {

namespace {

// A finding's identity across two registries: what it is and what it is about, not where in
// the lists it sits (a reorder does not make a finding new).
QString identity(const Finding &finding)
{
    return QStringLiteral("%1|%2|%3|%4|%5|%6")
        .arg(severityName(finding.severity), finding.code, finding.device, finding.service,
             finding.portLabel(), finding.field);
}

Findings only(const Findings &side, const Findings &other)
{
    QSet<QString> known;
    for (const Finding &finding : other)
        known.insert(identity(finding));
    Findings result;
    for (const Finding &finding : side) {
        if (!known.contains(identity(finding)))
            result.append(finding);
    }
    return result;
}

// The indexes of the devices on each side that the other side has not, equal and by the same
// name; false when that cannot decide the findings (another policy, or a name given twice).
bool devicesThatDiffer(const Registry &before, const Registry &after, QVector<int> *oldDevices,
                       QVector<int> *newDevices)
{
    if (before.policy != after.policy)
        return false;
    QHash<QString, int> oldByName;
    oldByName.reserve(before.devices.size());
    for (int d = 0; d < before.devices.size(); ++d) {
        if (oldByName.contains(before.devices[d].name))
            return false;
        oldByName.insert(before.devices[d].name, d);
    }
    QSet<QString> newNames;
    QVector<bool> matched(before.devices.size(), false);
    for (int d = 0; d < after.devices.size(); ++d) {
        const Device &device = after.devices[d];
        if (newNames.contains(device.name))
            return false;
        newNames.insert(device.name);
        const auto same = oldByName.constFind(device.name);
        if (same != oldByName.constEnd() && before.devices[*same] == device)
            matched[*same] = true;
        else
            newDevices->append(d);
    }
    for (int d = 0; d < before.devices.size(); ++d) {
        if (!matched[d])
            oldDevices->append(d);
    }
    return true;
}

QJsonObject pathJson(const ElementPath &path, const Registry &registry)
{
    QJsonObject object;
    if (path.block >= 0)
        object.insert(QStringLiteral("block"), path.block + 1);
    if (path.device >= 0 && path.device < registry.devices.size()) {
        const Device &device = registry.devices[path.device];
        object.insert(QStringLiteral("device"), device.name);
        if (path.service >= 0 && path.service < device.services.size()) {
            const Service &service = device.services[path.service];
            object.insert(QStringLiteral("service"), service.name);
            if (path.binding >= 0 && path.binding < service.ports.size())
                object.insert(QStringLiteral("binding"),
                              RegistryDiff::bindingLabel(service.ports[path.binding]));
        }
    }
    return object;
}

QJsonArray findingsJson(const Findings &findings)
{
    // The same objects as `validate --format json`.
    return QJsonDocument::fromJson(FindingsReport::toJson(findings))
        .object()
        .value(QStringLiteral("findings"))
        .toArray();
}

// A Markdown table cell: one line, pipes escaped.
// Plain text in a table cell: every character Markdown could read as markup (a link, an
// image, an @mention, emphasis, a code span, HTML) is escaped, so a value from the registry
// shows as written in a CI job summary.
QString cell(QString text)
{
    text = TextRules::forTerminal(text);
    static const QString markup = QStringLiteral("\\|[]!@<>*_`~&");
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : std::as_const(text)) {
        if (markup.contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

// A value as a code span: fenced by more backticks than any run inside it, so no backtick in
// the value can close the span and let the rest be read as Markdown. Inside a table cell a
// pipe is still escaped (tables are split before code spans are read).
QString codeSpan(const QString &value)
{
    int longest = 0;
    int run = 0;
    for (const QChar c : value) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString fence(longest + 1, u'`');
    QString inner = TextRules::forTerminal(value);
    inner.replace(u'|', QStringLiteral("\\|"));
    // A space keeps a backtick at either end from joining the fence.
    const bool pad = inner.startsWith(u'`') || inner.endsWith(u'`');
    return pad ? fence + u' ' + inner + u' ' + fence : fence + inner + fence;
}

} // namespace

ChangeReport ChangeReport::compare(const Registry &before, const Registry &after,
                                   const Validator &validator)
{
    ChangeReport report;
    report.m_diff = RegistryDiff::compare(before, after);
    if (report.m_diff.isEmpty())
        return report; // the same registry: nothing appears or disappears
    // A device equal on both sides (by name) under an equal policy has the same findings on
    // both sides, which cancel out: only the devices that differ are checked, with the policy
    // and the checks across devices. Names must be unique for that: a finding names its device.
    QVector<int> oldDevices;
    QVector<int> newDevices;
    const bool onlyChanged = devicesThatDiffer(before, after, &oldDevices, &newDevices);
    // Both sides are checked at once: a diff of two large registries costs about one
    // validation, not two.
    auto old = std::async(std::launch::async, [&] {
        return onlyChanged ? validator.validateDevices(before, oldDevices)
                           : validator.validate(before);
    });
    const Findings newFindings =
        onlyChanged ? validator.validateDevices(after, newDevices) : validator.validate(after);
    const Findings oldFindings = old.get();
    report.m_introduced = only(newFindings, oldFindings);
    report.m_resolved = only(oldFindings, newFindings);
    return report;
}

QString ChangeReport::toText() const
{
    QString text;
    for (const QString &line : m_diff.describeAll())
        text += line + u'\n';
    for (const Finding &finding : m_introduced)
        text += QStringLiteral("+ ") + FindingsReport::textLine(finding) + u'\n';
    for (const Finding &finding : m_resolved)
        text += QStringLiteral("- ") + FindingsReport::textLine(finding) + u'\n';
    return text;
}

QString ChangeReport::summary() const
{
    int counts[5] = {0, 0, 0, 0, 0};
    for (const RegistryChange &change : m_diff.changes())
        ++counts[int(change.kind)];
    QStringList parts;
    const RegistryChange::Kind kinds[] = {
        RegistryChange::Kind::Added, RegistryChange::Kind::Removed, RegistryChange::Kind::Changed,
        RegistryChange::Kind::Moved, RegistryChange::Kind::Reordered};
    for (RegistryChange::Kind kind : kinds) {
        if (counts[int(kind)] > 0)
            parts << QStringLiteral("%1 %2")
                         .arg(counts[int(kind)])
                         .arg(RegistryChange::kindName(kind));
    }
    // English plurals spelled out: the command line loads no translation catalogue.
    auto count = [](qsizetype n, const char *one, const char *many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    return count(m_diff.changes().size(), "change", "changes") +
           (parts.isEmpty() ? QString()
                            : QStringLiteral(" (") + parts.join(QStringLiteral(", ")) + u')') +
           QStringLiteral("; ") + count(m_introduced.size(), "finding", "findings") +
           QStringLiteral(" introduced, ") + QString::number(m_resolved.size()) +
           QStringLiteral(" resolved");
}

QByteArray ChangeReport::toJson() const
{
    QJsonArray changes;
    QJsonObject counts{{QStringLiteral("added"), 0},
                       {QStringLiteral("removed"), 0},
                       {QStringLiteral("changed"), 0},
                       {QStringLiteral("moved"), 0},
                       {QStringLiteral("reordered"), 0}};
    for (const RegistryChange &change : m_diff.changes()) {
        const QString kind = RegistryChange::kindName(change.kind);
        counts.insert(kind, counts.value(kind).toInt() + 1);
        QJsonObject object{{QStringLiteral("kind"), kind},
                           {QStringLiteral("element"), RegistryChange::elementName(change.element)},
                           {QStringLiteral("subject"), m_diff.subject(change)},
                           {QStringLiteral("text"), m_diff.describe(change)}};
        if (change.kind != RegistryChange::Kind::Added)
            object.insert(QStringLiteral("before"), pathJson(change.before, m_diff.before()));
        if (change.kind != RegistryChange::Kind::Removed)
            object.insert(QStringLiteral("after"), pathJson(change.after, m_diff.after()));
        QJsonArray fields;
        for (const FieldChange &field : change.fields)
            fields.append(QJsonObject{{QStringLiteral("field"), field.field},
                                      {QStringLiteral("before"), field.before},
                                      {QStringLiteral("after"), field.after}});
        object.insert(QStringLiteral("fields"), fields);
        changes.append(object);
    }
    counts.insert(QStringLiteral("introduced"), int(m_introduced.size()));
    counts.insert(QStringLiteral("resolved"), int(m_resolved.size()));
    const QJsonObject report{
        {QStringLiteral("changes"), changes},
        {QStringLiteral("findings"),
         QJsonObject{{QStringLiteral("introduced"), findingsJson(m_introduced)},
                     {QStringLiteral("resolved"), findingsJson(m_resolved)}}},
        {QStringLiteral("summary"), counts}};
    return QJsonDocument(report).toJson(QJsonDocument::Indented);
}

QString ChangeReport::toMarkdown(const QString &beforeName, const QString &afterName) const
{
    QString text = QStringLiteral("### Registry changes: %1 → %2\n\n%3\n")
                       .arg(cell(beforeName), cell(afterName), summary());
    if (!m_diff.isEmpty()) {
        text += QStringLiteral("\n| Change | Element | Subject | Details |\n|---|---|---|---|\n");
        for (const RegistryChange &change : m_diff.changes()) {
            QStringList details;
            if (change.kind == RegistryChange::Kind::Moved)
                details << cell(
                    tr("from %1").arg(m_diff.before().devices[change.before.device].name));
            for (const FieldChange &field : change.fields)
                details << QStringLiteral("%1: %2 → %3")
                               .arg(cell(field.field),
                                    field.before.isEmpty() ? QStringLiteral("(none)")
                                                           : codeSpan(field.before),
                                    field.after.isEmpty() ? QStringLiteral("(none)")
                                                          : codeSpan(field.after));
            if (change.kind == RegistryChange::Kind::Reordered)
                details << cell(m_diff.describe(change).section(QStringLiteral(": "), 1));
            text += QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                        .arg(RegistryChange::kindName(change.kind),
                             RegistryChange::elementName(change.element),
                             cell(m_diff.subject(change)), details.join(QStringLiteral("; ")));
        }
    }
    auto findingsTable = [&](const QString &title, const Findings &findings) {
        if (findings.isEmpty())
            return;
        text += QStringLiteral("\n**%1**\n\n| Severity | Code | Subject | Port | Message |\n"
                               "|---|---|---|---|---|\n")
                    .arg(title);
        for (const Finding &finding : findings)
            text += QStringLiteral("| %1 | `%2` | %3 | %4 | %5 |\n")
                        .arg(severityName(finding.severity), finding.code, cell(finding.subject()),
                             finding.portLabel(), cell(finding.message));
    };
    findingsTable(tr("Findings introduced"), m_introduced);
    findingsTable(tr("Findings resolved"), m_resolved);
    return text;
}

} // namespace portolan
