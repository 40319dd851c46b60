// What the app does to reach its first frame sooner must not change what that frame shows: the
// icons rendered ahead on a worker are the icons rendered in place, the overflow arrows the
// style draws itself are drawn in every theme, and building the window shows nothing before
// the window itself.
#include "widgets/AppStyle.h"
#include "widgets/Icons.h"
#include "widgets/SvgIconEngine.h"
#include "widgets/ThemePalette.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMenuBar>
#include <QStandardPaths>
#include <QStyle>
#include <QTest>
#include <QThreadPool>
#include <QToolBar>
#include <QToolButton>

using namespace portolan;

namespace {

// Records every widget shown as a window of its own.
class WindowShowRecorder : public QObject
{
public:
    QStringList shown;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show && watched->isWidgetType() &&
            static_cast<QWidget *>(watched)->isWindow())
            shown.append(QString::fromLatin1(watched->metaObject()->className()) + u' ' +
                         watched->objectName());
        return false;
    }
};

QImage renderedInPlace(const QString &name, const QSize &pixels, QIcon::Mode mode)
{
    QIcon icon(new SvgIconEngine(QStringLiteral(":/icons/%1.svg").arg(name)));
    return icon.pixmap(pixels, 1.0, mode).toImage();
}

} // namespace

class TestStartup : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void iconsRenderedAheadAreTheIconsRenderedInPlace();
    void otherSizesStillRender();
    void overflowArrowsAreTheAppsIcons();
    void themesKeepTheAppStyle();
    void startingKeepsAStyleSheetGiven();
    void buildingTheWindowShowsNoOtherWindow();
};

void TestStartup::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    ThemePalette::apply(ThemePalette::Theme::System);
    QVERIFY(qobject_cast<AppStyle *>(QApplication::style()));
}

void TestStartup::iconsRenderedAheadAreTheIconsRenderedInPlace()
{
    QThreadPool pool;
    const QStringList files = QDir(QStringLiteral(":/icons")).entryList({QStringLiteral("*.svg")});
    QVERIFY(files.size() >= 10);
    for (const QString &file : files) {
        const QString name = QFileInfo(file).completeBaseName();
        for (const QSize pixels : {QSize(16, 16), QSize(32, 32)}) {
            auto *engine = new SvgIconEngine(QStringLiteral(":/icons/%1.svg").arg(name));
            engine->renderAhead(pixels, &pool);
            const QIcon ahead(engine);
            // Disabled first, as the toolbar asks at start: it is made from the same image.
            for (QIcon::Mode mode : {QIcon::Disabled, QIcon::Normal}) {
                const QImage image = ahead.pixmap(pixels, 1.0, mode).toImage();
                QCOMPARE(image.size(), pixels);
                QVERIFY2(image == renderedInPlace(name, pixels, mode),
                         qPrintable(QStringLiteral("%1 at %2 px, mode %3")
                                        .arg(name)
                                        .arg(pixels.width())
                                        .arg(int(mode))));
            }
        }
    }
}

void TestStartup::otherSizesStillRender()
{
    QThreadPool pool;
    auto *engine = new SvgIconEngine(QStringLiteral(":/icons/undo.svg"));
    engine->renderAhead(QSize(16, 16), &pool);
    const QIcon icon(engine);
    const QImage large = icon.pixmap(QSize(48, 48), 1.0).toImage();
    QCOMPARE(large.size(), QSize(48, 48));
    QVERIFY(large == renderedInPlace(QStringLiteral("undo"), QSize(48, 48), QIcon::Normal));
    // The icons the app hands out were started ahead at the style's small size.
    const int small = QApplication::style()->pixelMetric(QStyle::PM_SmallIconSize);
    QVERIFY(Icons::get(QStringLiteral("redo")).pixmap(QSize(small, small), 1.0).toImage() ==
            renderedInPlace(QStringLiteral("redo"), QSize(small, small), QIcon::Normal));
}

void TestStartup::overflowArrowsAreTheAppsIcons()
{
    QStyle *style = QApplication::style();
    const QIcon horizontal = style->standardIcon(QStyle::SP_ToolBarHorizontalExtensionButton);
    const QIcon vertical = style->standardIcon(QStyle::SP_ToolBarVerticalExtensionButton);
    QCOMPARE(horizontal.cacheKey(),
             style->standardIcon(QStyle::SP_ToolBarHorizontalExtensionButton).cacheKey());
    QVERIFY(vertical.cacheKey() != horizontal.cacheKey());
    QWidget rightToLeft;
    rightToLeft.setLayoutDirection(Qt::RightToLeft);
    const QIcon leftward =
        style->standardIcon(QStyle::SP_ToolBarHorizontalExtensionButton, nullptr, &rightToLeft);
    QVERIFY(leftward.cacheKey() != horizontal.cacheKey());
    // Leftward is rightward mirrored (within the antialiasing of a half-pixel line).
    const QImage left = leftward.pixmap(QSize(16, 16), 1.0).toImage();
    const QImage mirroredRight =
        horizontal.pixmap(QSize(16, 16), 1.0).toImage().mirrored(true, false);
    qint64 ink = 0;
    qint64 difference = 0;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            ink += qAlpha(left.pixel(x, y));
            difference += qAbs(qAlpha(left.pixel(x, y)) - qAlpha(mirroredRight.pixel(x, y)));
        }
    QVERIFY(ink > 0);
    QVERIFY2(difference * 5 < ink, qPrintable(QStringLiteral("%1 of %2").arg(difference).arg(ink)));
    // Everything else is the desktop style's own.
    QVERIFY(!style->standardIcon(QStyle::SP_DialogOkButton).isNull());

    // A menu bar too narrow for its menus shows the arrow, drawn.
    QMenuBar bar;
    for (int i = 0; i < 12; ++i)
        bar.addMenu(QStringLiteral("Menu number %1").arg(i));
    bar.resize(200, bar.sizeHint().height());
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    auto *extension = bar.findChild<QToolButton *>(QStringLiteral("qt_menubar_ext_button"));
    QVERIFY(extension);
    QTRY_VERIFY(extension->isVisible());
    QCOMPARE(extension->icon().cacheKey(), horizontal.cacheKey());
    // Drawn in the narrow button, square: 12 pixels of a 12x16 space, not stretched to fill it.
    QCOMPARE(horizontal.actualSize(QSize(12, 16)), QSize(12, 12));
    QCOMPARE(horizontal.pixmap(QSize(12, 16), 1.0).size(), QSize(12, 12));
    const QImage button = extension->grab().toImage();
    int inked = 0;
    for (int y = 0; y < button.height(); ++y)
        for (int x = 0; x < button.width(); ++x)
            inked += qGray(button.pixel(x, y)) < 160;
    QVERIFY2(inked >= 6, qPrintable(QString::number(inked)));
}

void TestStartup::themesKeepTheAppStyle()
{
    const QString desktop = qobject_cast<AppStyle *>(QApplication::style())->baseName();
    QVERIFY(!desktop.isEmpty());
    for (auto theme :
         {ThemePalette::Theme::Dark, ThemePalette::Theme::Light, ThemePalette::Theme::System}) {
        ThemePalette::apply(theme);
        // The dark theme's style sheet wraps the app style; the arrows still come from it, in
        // the theme's button text colour (a fixed colour was nearly invisible on dark).
        const QIcon arrow =
            QApplication::style()->standardIcon(QStyle::SP_ToolBarVerticalExtensionButton);
        QCOMPARE(arrow.cacheKey(), QApplication::style()
                                       ->standardIcon(QStyle::SP_ToolBarVerticalExtensionButton)
                                       .cacheKey());
        const QImage image = arrow.pixmap(QSize(32, 32), 1.0).toImage();
        QRgb strongest = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (qAlpha(image.pixel(x, y)) > qAlpha(strongest))
                    strongest = image.pixel(x, y);
        QCOMPARE(qAlpha(strongest), 255);
        const QColor text = QApplication::palette().color(QPalette::ButtonText);
        QVERIFY2(
            qAbs(qGray(strongest) - qGray(text.rgb())) < 24,
            qPrintable(QStringLiteral("%1 vs %2").arg(qGray(strongest)).arg(qGray(text.rgb()))));
        if (theme == ThemePalette::Theme::Dark) {
            QVERIFY(qGray(strongest) > 160);
            continue;
        }
        auto *style = qobject_cast<AppStyle *>(QApplication::style());
        QVERIFY(style);
        const QString expected =
            theme == ThemePalette::Theme::System ? desktop : QStringLiteral("Fusion");
        QVERIFY2(style->baseName().compare(expected, Qt::CaseInsensitive) == 0,
                 qPrintable(style->baseName()));
    }
}

void TestStartup::startingKeepsAStyleSheetGiven()
{
    // portolan -stylesheet FILE: the System theme at start only wraps the style.
    const QString sheet = QStringLiteral("QToolTip { color: #c00; }");
    qApp->setStyleSheet(sheet);
    const QIcon before =
        QApplication::style()->standardIcon(QStyle::SP_ToolBarVerticalExtensionButton);
    ThemePalette::installAppStyle();
    QCOMPARE(qApp->styleSheet(), sheet);
    const QIcon after =
        QApplication::style()->standardIcon(QStyle::SP_ToolBarVerticalExtensionButton);
    QVERIFY(!after.isNull());
    QVERIFY(after.cacheKey() != before.cacheKey()); // a new AppStyle drew it
    QCOMPARE(after.pixmap(QSize(16, 16), 1.0).size(), QSize(16, 16));
    qApp->setStyleSheet(QString());
}

void TestStartup::buildingTheWindowShowsNoOtherWindow()
{
    // A stack layout shows the first widget it takes; taken before the stack had a parent, the
    // port map's and the findings' tables were shown as windows of their own for a moment.
    WindowShowRecorder recorder;
    qApp->installEventFilter(&recorder);
    MainWindow window;
    QCOMPARE(recorder.shown, QStringList());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    qApp->removeEventFilter(&recorder);
    QCOMPARE(recorder.shown, QStringList{QStringLiteral("portolan::MainWindow mainWindow")});
}

QTEST_MAIN(TestStartup)
#include "tst_startup.moc"
