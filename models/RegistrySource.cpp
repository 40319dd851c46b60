#include "RegistrySource.h"

#include "Store.h"
#include "YamlReader.h"
#include "YamlWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace portolan {

RegistryFormat formatOf(const QString &pathOrUrl)
{
    if (Store::isDatabaseUrl(pathOrUrl))
        return RegistryFormat::Postgres;
    if (pathOrUrl.endsWith(QLatin1String(".portolan"), Qt::CaseInsensitive))
        return RegistryFormat::Portolan;
    // Anything else is read as YAML: a registry named without an extension is still one.
    return RegistryFormat::Yaml;
}

bool loadRegistry(const QString &pathOrUrl, Registry &registry, LoadError &error)
{
    const RegistryFormat format = formatOf(pathOrUrl);
    if (format == RegistryFormat::Yaml) {
        YamlReader reader;
        if (!reader.readFile(pathOrUrl, registry)) {
            error = reader.error();
            return false;
        }
        return true;
    }
    QString message;
    std::unique_ptr<Store> store =
        format == RegistryFormat::Postgres
            ? Store::openUrl(pathOrUrl, &message)
            : Store::openFile(pathOrUrl, Store::OpenMode::ReadOnly, &message);
    if (store && !store->load(registry))
        message = store->errorString();
    else if (store)
        return true;
    // Database errors have no line and column; the message names the file or URL itself.
    error = {{QString(), 0, 0}, message};
    return false;
}

bool saveRegistry(Registry registry, const QString &pathOrUrl, QString *error)
{
    switch (formatOf(pathOrUrl)) {
    case RegistryFormat::Yaml: {
        YamlWriter writer;
        if (!writer.writeFile(registry, pathOrUrl)) {
            *error = QStringLiteral("%1: cannot write: %2").arg(pathOrUrl, writer.errorString());
            return false;
        }
        return true;
    }
    case RegistryFormat::Postgres: {
        std::unique_ptr<Store> store = Store::openUrl(pathOrUrl, error, /*initialize=*/true);
        if (!store)
            return false;
        if (!store->replaceAll(registry)) {
            *error = store->errorString();
            return false;
        }
        return true;
    }
    case RegistryFormat::Portolan:
        break;
    }

    // Build the database beside the target, then rename it over: rename is atomic within a
    // folder, so the target is always either the old file or the complete new one.
    const QFileInfo target(pathOrUrl);
    QString temporaryPath;
    {
        QTemporaryFile reserve(
            target.absoluteDir().filePath(target.fileName() + QStringLiteral(".XXXXXX.tmp")));
        if (!reserve.open()) {
            *error = QStringLiteral("%1: cannot write in %2: %3")
                         .arg(pathOrUrl, target.absolutePath(), reserve.errorString());
            return false;
        }
        temporaryPath = reserve.fileName();
    }
    // The reservation is gone again; the store creates the file under that name.
    {
        std::unique_ptr<Store> store =
            Store::openFile(temporaryPath, Store::OpenMode::Create, error);
        if (!store) {
            QFile::remove(temporaryPath);
            return false;
        }
        if (!store->replaceAll(registry)) {
            *error = store->errorString();
            store.reset();
            QFile::remove(temporaryPath);
            return false;
        }
    }
    if (std::rename(QFile::encodeName(temporaryPath).constData(),
                    QFile::encodeName(target.absoluteFilePath()).constData()) != 0) {
        *error = QStringLiteral("%1: cannot replace the file: %2")
                     .arg(pathOrUrl, QString::fromLocal8Bit(std::strerror(errno)));
        QFile::remove(temporaryPath);
        return false;
    }
    return true;
}

} // namespace portolan
