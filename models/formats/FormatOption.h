#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace portolan {

// An option of an export or import format, described once: the CLI turns it into a
// --name VALUE option (and completion words), the app into a field of the preview.
struct FormatOption
{
    QString name;        // "proxy", "device", "scope"
    QString valueName;   // "traefik|caddy", "NAME"
    QString description; // for --help and tooltips
    QStringList choices; // empty: any value
    QString defaultValue;
    bool required = false;
    bool repeatable = false;
    // The app fills this one from the selected device instead of asking.
    bool isDevice = false;

    // --NAME VALUE_NAME: any value.
    static FormatOption value(const QString &name, const QString &valueName,
                              const QString &description)
    {
        FormatOption option;
        option.name = name;
        option.valueName = valueName;
        option.description = description;
        return option;
    }
    // --NAME a|b|c: one of the choices, the first by default.
    static FormatOption choice(const QString &name, const QStringList &choices,
                               const QString &description)
    {
        FormatOption option = value(name, choices.join(QLatin1Char('|')), description);
        option.choices = choices;
        option.defaultValue = choices.value(0);
        return option;
    }
    // --device NAME, required; the app takes the selected device.
    static FormatOption device(const QString &description)
    {
        FormatOption option = value(QStringLiteral("device"), QStringLiteral("NAME"), description);
        option.required = true;
        option.isDevice = true;
        return option;
    }
    // --proxy traefik|caddy.
    static FormatOption proxy(const QString &description)
    {
        return choice(QStringLiteral("proxy"), {QStringLiteral("traefik"), QStringLiteral("caddy")},
                      description);
    }
    FormatOption &makeRepeatable()
    {
        repeatable = true;
        return *this;
    }
};

// The values given for a format's options, by option name (repeatable ones have several).
class FormatValues
{
public:
    void set(const QString &name, const QStringList &values) { m_values.insert(name, values); }
    QString value(const QString &name, const QString &fallback = QString()) const
    {
        const QStringList values = m_values.value(name);
        return values.isEmpty() ? fallback : values.first();
    }
    QStringList values(const QString &name) const { return m_values.value(name); }
    bool isSet(const QString &name) const { return !m_values.value(name).isEmpty(); }

private:
    QHash<QString, QStringList> m_values;
};

} // namespace portolan
