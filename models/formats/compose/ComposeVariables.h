#pragma once

#include "domain/Error.h"

#include <QHash>
#include <QString>

#include <functional>
#include <optional>

namespace portolan {

// Variables as Docker Compose substitutes them (compose-go's template and dotenv packages):
// $$ is a dollar, $VAR and ${VAR} a variable, ${VAR:-default} ${VAR-default} ${VAR:+alt}
// ${VAR+alt} ${VAR:?message} ${VAR?message}, defaults and messages nested; any other `$` is an
// invalid interpolation, as Compose says.
namespace ComposeVariables {

// The value of a variable, or nullopt when it is not set.
using Lookup = std::function<std::optional<QString>(const QString &name)>;

// nullopt with *error (Compose's own wording) when the text cannot be substituted.
constexpr int MaxNesting = 32;
std::optional<QString> substitute(const QString &text, const Lookup &lookup, QString *error,
                                  int depth = 0);

// An env file as `docker compose --env-file` reads it: KEY=value or KEY: value, `export KEY=`,
// a bare KEY taken from `outer`; unquoted values end at " #" and are trimmed, "double" quotes
// take escapes and variables, 'single' quotes are literal, quoted values may span lines.
// Values substitute variables from `outer` first (the shell wins), then earlier lines.
// Appends to *variables; false with the file, line and Compose's message on error.
bool parseEnvFile(const QByteArray &data, const QString &displayName, const Lookup &outer,
                  QHash<QString, QString> *variables, Error *error);

} // namespace ComposeVariables

} // namespace portolan
