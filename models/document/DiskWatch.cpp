#include "document/DiskWatch.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace portolan {

DiskWatch::DiskWatch(QObject *parent)
    : QObject(parent)
{
    // Editors and git write a file in several steps; look once things have settled.
    m_settle.setSingleShot(true);
    m_settle.setInterval(150);
    connect(&m_settle, &QTimer::timeout, this, &DiskWatch::check);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_settle, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_settle,
            qOverload<>(&QTimer::start));
}

QByteArray DiskWatch::hashOf(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

void DiskWatch::stop()
{
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    if (!watched.isEmpty())
        m_watcher.removePaths(watched);
    m_settle.stop();
    m_path.clear();
}

void DiskWatch::watch(const QString &path, Kind kind, const QByteArray &knownHash)
{
    stop();
    m_path = path;
    m_kind = kind;
    m_knownHash = knownHash;
    m_reportedState.clear();
    const QFileInfo info(path);
    m_watcher.addPath(info.absoluteFilePath());
    m_watcher.addPath(info.absolutePath());
    rememberIdentity();
}

void DiskWatch::rememberWritten(const QByteArray &hash)
{
    m_knownHash = hash;
    m_reportedState.clear();
    // The rename gave the file a new inode: watch that one.
    const QString file = QFileInfo(m_path).absoluteFilePath();
    m_watcher.removePath(file);
    m_watcher.addPath(file);
    rememberIdentity();
}

void DiskWatch::rememberIdentity()
{
    struct stat identity;
    if (::stat(QFile::encodeName(m_path).constData(), &identity) == 0) {
        m_device = quint64(identity.st_dev);
        m_inode = quint64(identity.st_ino);
    } else {
        m_device = m_inode = 0;
    }
}

QByteArray DiskWatch::currentHash(bool *exists) const
{
    QFile file(m_path);
    *exists = file.exists();
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

void DiskWatch::check()
{
    if (m_path.isEmpty())
        return;
    const QString file = QFileInfo(m_path).absoluteFilePath();
    if (!m_watcher.files().contains(file) && QFileInfo::exists(file))
        m_watcher.addPath(file);
    QByteArray state;
    if (m_kind == Kind::Identity) {
        struct stat identity;
        if (::stat(QFile::encodeName(m_path).constData(), &identity) != 0)
            state = QByteArrayLiteral("deleted");
        else if (quint64(identity.st_dev) != m_device || quint64(identity.st_ino) != m_inode)
            state = QByteArray::number(quint64(identity.st_ino));
    } else {
        bool exists = false;
        const QByteArray hash = currentHash(&exists);
        if (!exists)
            state = QByteArrayLiteral("deleted");
        else if (hash != m_knownHash)
            state = hash;
    }
    if (state.isEmpty()) {
        m_reportedState.clear();
        return;
    }
    // Each state of the file is reported once: changed, changed again, deleted.
    if (state == m_reportedState)
        return;
    m_reportedState = state;
    const bool gone = state == "deleted";
    if (m_kind == Kind::Content)
        emit contentChanged(gone);
    else if (gone)
        emit deleted();
    else
        emit replaced();
}

} // namespace portolan
