#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"

#include <QByteArray>

namespace portolan {

// A registry named as `diff` and Compare With name one: a .yaml or .portolan file, a
// postgresql:// URL, or REV:PATH, the file as git holds it in a revision (`git show REV:PATH`
// in the repository of `workingDirectory`; PATH as git takes it, "./x" relative to it).
namespace RegistrySource {

// REV:PATH and not a file or URL of that name.
bool isGitRevision(const QString &spec);
bool load(const QString &spec, Registry &registry, Error &error,
          const QString &workingDirectory = QString());
bool readGitRevision(const QString &spec, const QString &workingDirectory,
                     const QString &outputPath, Error *error);
// The repository's top folder holding `path`, or empty when it is in none (or git is missing).
QString repositoryOf(const QString &path);

} // namespace RegistrySource

} // namespace portolan
