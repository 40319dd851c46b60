#pragma once

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

namespace portolan {

// Watches the file a document lives in, so a change made elsewhere is never overwritten
// unseen: a YAML file whose bytes are no longer the ones last read or written (compared by
// hash: an editor, `git pull`), or a .portolan file replaced by another one (compared by
// inode: `convert`, a copy, a checkout). QFileSystemWatcher watches the file and its folder (a
// rename over the file ends the file's own watch); the file is examined once things settle,
// and each new state is reported once.
class DiskWatch : public QObject
{
    Q_OBJECT

public:
    enum class Kind
    {
        Content,  // YAML: compare what the file holds
        Identity, // .portolan: compare which file it is
    };

    explicit DiskWatch(QObject *parent = nullptr);

    void watch(const QString &path, Kind kind, const QByteArray &knownHash = QByteArray());
    void stop();
    // After our own write: this is what the file holds now (and a new inode to watch).
    void rememberWritten(const QByteArray &hash);
    QByteArray knownHash() const { return m_knownHash; }
    // The file as it is now (SHA-256), for the check a save makes under the file's lock.
    QByteArray currentHash(bool *exists) const;

    static QByteArray hashOf(const QByteArray &bytes);

signals:
    void contentChanged(bool deleted);
    void replaced();
    void deleted();

private:
    void check();
    void rememberIdentity();

    QString m_path;
    Kind m_kind = Kind::Content;
    QByteArray m_knownHash;
    QByteArray m_reportedState;
    quint64 m_device = 0;
    quint64 m_inode = 0;
    QFileSystemWatcher m_watcher;
    QTimer m_settle;
};

} // namespace portolan
