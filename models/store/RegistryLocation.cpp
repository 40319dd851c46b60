#include "store/RegistryLocation.h"

#include "io/AtomicFile.h"
#include "store/Store.h"

#include <QUrl>

namespace portolan {

RegistryLocation RegistryLocation::parse(const QString &text)
{
    RegistryLocation location;
    location.m_text = text;
    if (Store::isDatabaseUrl(text))
        location.m_kind = Kind::Database;
    else if (AtomicFile::isStandardStream(text))
        location.m_kind = Kind::StandardStream;
    else if (Store::isDatabaseFile(text))
        location.m_kind = Kind::PortolanFile;
    else
        location.m_kind = Kind::YamlFile;
    return location;
}

QString RegistryLocation::displayName() const
{
    if (m_kind != Kind::Database)
        return m_text;
    return Store::displayNameOf(m_text);
}

} // namespace portolan
