#pragma once

namespace portolan {

// Installs the application's translations. Portolan speaks English only so far; the English
// catalogue holds the plural forms, so "%n error(s)" reads "1 error" and "2 errors".
class TranslationLoader
{
public:
    static bool install();
};

} // namespace portolan
