#include "domain/TranslationLoader.h"

#include <QCoreApplication>
#include <QTranslator>

namespace portolan {

bool TranslationLoader::install()
{
    static QTranslator *english = nullptr;
    if (english)
        return true;
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (!translator->load(QStringLiteral(":/i18n/portolan_en.qm"))) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    english = translator;
    return true;
}

} // namespace portolan
