#include "support/TestSupport.h"

#include <QHash>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using portolan::testing::fromTestFolder;

// Every shortcut of the main window against the standard keys of GNOME, KDE and plain X11: a
// key held by two actions, or by an action and a standard key it does not stand for, makes Qt
// run neither ("Ambiguous shortcut overload"), as Ctrl+Shift+S once was for Add Service and
// Save As on GNOME.
class TestShortcuts : public QObject
{
    Q_OBJECT

private slots:
    void noShortcutCollides_data();
    void noShortcutCollides();
};

void TestShortcuts::noShortcutCollides_data()
{
    QTest::addColumn<QString>("theme");
    QTest::addColumn<QString>("desktop");
    QTest::newRow("GNOME") << "gnome"
                           << "GNOME";
    QTest::newRow("KDE") << "kde"
                         << "KDE";
    QTest::newRow("plain X11") << "generic"
                               << "";
}

void TestShortcuts::noShortcutCollides()
{
    QFETCH(QString, theme);
    QFETCH(QString, desktop);
    const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    QVERIFY2(!xvfbRun.isEmpty(), "xvfb-run is needed (package xvfb, in packaging/build-deps.txt)");

    QProcess dump;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    env.insert(QStringLiteral("QT_QPA_PLATFORMTHEME"), theme);
    env.insert(QStringLiteral("XDG_CURRENT_DESKTOP"), desktop);
    env.remove(QStringLiteral("DISPLAY"));
    // Under the sanitizer build: libdbus (loaded by the X11 plugin) keeps a buffer to exit.
    env.insert(QStringLiteral("LSAN_OPTIONS"),
               QStringLiteral("suppressions=") + fromTestFolder(LSAN_SUPPRESSIONS));
    dump.setProcessEnvironment(env);
    dump.start(xvfbRun, {QStringLiteral("-a"), fromTestFolder(SHORTCUT_DUMP)});
    QVERIFY(dump.waitForFinished(60000));
    QVERIFY2(dump.exitStatus() == QProcess::NormalExit && dump.exitCode() == 0,
             dump.readAllStandardError().constData());

    struct Action
    {
        QString name;
        int standardKey;
    };
    QHash<QString, Action> actionOfKey;
    QHash<QString, QPair<QString, int>> standardOfKey; // key -> (standard key name, value)
    QStringList problems;
    int actionCount = 0;
    const QStringList lines = QString::fromUtf8(dump.readAllStandardOutput()).split(u'\n');
    QList<QStringList> actions;
    for (const QString &line : lines) {
        const QStringList fields = line.split(u'\t');
        if (fields.value(0) == QLatin1String("standard")) {
            for (int i = 3; i < fields.size(); ++i)
                standardOfKey.insert(fields[i], {fields[1], fields[2].toInt()});
        } else if (fields.value(0) == QLatin1String("action")) {
            actions << fields;
        }
    }
    QVERIFY2(!standardOfKey.isEmpty(), "the theme gave no standard keys at all");
    // Themes do differ: GNOME has Save As on Ctrl+Shift+S, the others none.
    QCOMPARE(standardOfKey.contains(QStringLiteral("Ctrl+Shift+S")),
             theme == QLatin1String("gnome"));

    for (const QStringList &fields : std::as_const(actions)) {
        ++actionCount;
        const Action action{fields[1], fields[2].toInt()};
        for (int i = 3; i < fields.size(); ++i) {
            const QString &key = fields[i];
            if (const auto other = actionOfKey.constFind(key); other != actionOfKey.constEnd())
                problems
                    << QStringLiteral("%1 is both %2 and %3").arg(key, other->name, action.name);
            actionOfKey.insert(key, action);
            if (const auto standard = standardOfKey.constFind(key);
                standard != standardOfKey.constEnd() && standard->second != action.standardKey)
                problems << QStringLiteral("%1 of %2 is the standard key %3")
                                .arg(key, action.name, standard->first);
        }
    }
    QVERIFY2(actionCount >= 15, qPrintable(QString::number(actionCount)));
    // The shortcuts the issue names, by what they must be.
    QVERIFY(actionOfKey.value(QStringLiteral("Ctrl+Shift+S")).name ==
            QLatin1String("actionSaveAs"));
    QVERIFY(actionOfKey.value(QStringLiteral("Ctrl+W")).name == QLatin1String("actionClose"));
    QVERIFY(actionOfKey.value(QStringLiteral("Ctrl+PgDown")).name ==
            QLatin1String("actionNextPage"));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
}

QTEST_GUILESS_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
