#pragma once

#include <QString>

namespace portolan {

// Where a registry lives, read once from what the user named: a YAML file (any name but the
// two below), a .portolan database file, standard input/output ("-"), or a PostgreSQL URL.
// Each format answers whether a name is its own (Store for URLs and .portolan files); YAML
// takes the rest, so a registry named without an extension is still one. Everything that
// needs to know asks this value instead of looking at the text again.
class RegistryLocation
{
public:
    enum class Kind
    {
        YamlFile,
        PortolanFile,
        StandardStream,
        Database,
    };

    RegistryLocation() = default;
    static RegistryLocation parse(const QString &text);

    Kind kind() const { return m_kind; }
    const QString &text() const { return m_text; }
    bool isEmpty() const { return m_text.isEmpty(); }
    bool isDatabase() const { return m_kind == Kind::Database; }
    bool isStandardStream() const { return m_kind == Kind::StandardStream; }
    // A file on this machine: YAML or .portolan.
    bool isFile() const { return m_kind == Kind::YamlFile || m_kind == Kind::PortolanFile; }
    // For titles, messages and export headers: a URL without its password, a file as named.
    QString displayName() const;

private:
    Kind m_kind = Kind::YamlFile;
    QString m_text;
};

} // namespace portolan
