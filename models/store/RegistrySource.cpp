#include "store/RegistrySource.h"

#include "domain/TextRules.h"

#include "formats/yaml/YamlReader.h"
#include "store/RegistryIo.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

namespace portolan {

bool RegistrySource::isGitRevision(const QString &spec)
{
    const qsizetype colon = spec.indexOf(u':');
    if (colon <= 0 || RegistryLocation::parse(spec).isDatabase() ||
        spec.contains(QLatin1String("://")))
        return false;
    return !QFileInfo::exists(spec);
}

bool RegistrySource::readGitRevision(const QString &spec, const QString &workingDirectory,
                                     const QString &outputPath, Error *error)
{
    // A revision is never an option: "--output=FILE:x" would make git write a file.
    if (spec.startsWith(u'-')) {
        *error = {{TextRules::forTerminal(spec), 0, 0},
                  QStringLiteral("a git revision cannot start with \"-\"")};
        return false;
    }
    QProcess git;
    if (!workingDirectory.isEmpty())
        git.setWorkingDirectory(workingDirectory);
    // Straight into a file, read from there as any registry is: a blob that compresses well
    // in .git (1 GB of comments in 4.6 MB) is never held in memory whole.
    git.setStandardOutputFile(outputPath);
    git.start(QStringLiteral("git"),
              {QStringLiteral("show"), QStringLiteral("--end-of-options"), spec});
    if (!git.waitForStarted(10000)) {
        *error = {{spec, 0, 0}, QStringLiteral("cannot run git: %1").arg(git.errorString())};
        return false;
    }
    git.closeWriteChannel();
    if (!git.waitForFinished(60000) || git.exitStatus() != QProcess::NormalExit ||
        git.exitCode() != 0) {
        git.kill();
        const QString said = QString::fromUtf8(git.readAllStandardError().left(4096)).trimmed();
        *error = {{spec, 0, 0},
                  QStringLiteral("git show %1 failed: %2")
                      .arg(spec, said.isEmpty() ? git.errorString() : said.section(u'\n', 0, 0))};
        return false;
    }
    return true;
}

bool RegistrySource::load(const QString &spec, Registry &registry, Error &error,
                          const QString &workingDirectory)
{
    if (!isGitRevision(spec))
        return RegistryIo::load(spec, registry, error);
    // The revision in a private copy, read like a file of its kind (a .portolan one read-only).
    QTemporaryDir dir;
    const bool database = spec.endsWith(QLatin1String(".portolan"), Qt::CaseInsensitive);
    const QString copy = dir.filePath(database ? QStringLiteral("revision.portolan")
                                               : QStringLiteral("revision.yaml"));
    if (!dir.isValid()) {
        error = {{spec, 0, 0}, QStringLiteral("cannot keep a copy of it: no temporary folder")};
        return false;
    }
    if (!readGitRevision(spec, workingDirectory, copy, &error))
        return false;
    if (!RegistryIo::load(copy, registry, error)) {
        error.location.file = spec;
        error.message.replace(copy, spec);
        return false;
    }
    return true;
}

QString RegistrySource::repositoryOf(const QString &path)
{
    QProcess git;
    git.setWorkingDirectory(QFileInfo(path).absolutePath());
    git.start(QStringLiteral("git"),
              {QStringLiteral("rev-parse"), QStringLiteral("--show-toplevel")});
    if (!git.waitForStarted(5000) || !git.waitForFinished(10000) || git.exitCode() != 0)
        return QString();
    return QString::fromUtf8(git.readAllStandardOutput()).trimmed();
}

} // namespace portolan
