#pragma once

namespace portolan {

// Installs the translations, in the app and the CLI alike. Portolan speaks English only so far;
// the English catalogue holds the plural forms, so "%n error(s)" reads "1 error" and "2 errors".
class TranslationLoader
{
public:
    static bool install();
};

} // namespace portolan
