#include "ComposePreviewDialog.h"

#include "store/AtomicFile.h"

#include "formats/compose/ComposeWriter.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QVBoxLayout>

namespace portolan {

namespace {

// Keys, quoted strings and comments, in colours that read on light and dark palettes.
class YamlHighlighter : public QSyntaxHighlighter
{
public:
    explicit YamlHighlighter(QTextDocument *document, bool dark)
        : QSyntaxHighlighter(document)
    {
        m_key.setForeground(dark ? QColor(0x8c, 0xc8, 0xff) : QColor(0x1f, 0x4e, 0x99));
        m_key.setFontWeight(QFont::Bold);
        m_string.setForeground(dark ? QColor(0x9f, 0xe0, 0x8f) : QColor(0x1b, 0x6e, 0x20));
        m_comment.setForeground(dark ? QColor(0xa0, 0xa0, 0xa0) : QColor(0x70, 0x70, 0x70));
        m_comment.setFontItalic(true);
    }

protected:
    void highlightBlock(const QString &text) override
    {
        static const QRegularExpression key(
            QStringLiteral(R"(^\s*(- )?([^\s:#"][^:#]*|"[^"]*"):(\s|$))"));
        static const QRegularExpression string(QStringLiteral(R"("([^"\\]|\\.)*")"));
        static const QRegularExpression comment(QStringLiteral(R"(\s#.*$)"));
        if (const QRegularExpressionMatch m = key.match(text); m.hasMatch())
            setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), m_key);
        for (auto it = string.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            if (format(int(m.capturedStart())) != m_key)
                setFormat(int(m.capturedStart()), int(m.capturedLength()), m_string);
        }
        if (const QRegularExpressionMatch m = comment.match(text); m.hasMatch())
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_comment);
    }

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_comment;
};

} // namespace

ComposePreviewDialog::ComposePreviewDialog(const Registry &registry, int deviceIndex,
                                           QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_deviceIndex(deviceIndex)
    , m_proxy(new QComboBox)
    , m_editor(new QPlainTextEdit)
{
    setWindowTitle(tr("Compose for %1").arg(registry.devices[deviceIndex].name));
    m_proxy->setObjectName(QStringLiteral("proxyField"));
    m_proxy->addItem(tr("Traefik labels"));
    m_proxy->addItem(tr("caddy-docker-proxy labels"));
    m_editor->setObjectName(QStringLiteral("composeText"));
    m_editor->setReadOnly(true);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    new YamlHighlighter(m_editor->document(), palette().color(QPalette::Window).lightness() < 128);

    auto *copy = new QPushButton(tr("&Copy"));
    copy->setObjectName(QStringLiteral("copyButton"));
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(text()); });
    auto *saveButton = new QPushButton(tr("&Save…"));
    connect(saveButton, &QPushButton::clicked, this, &ComposePreviewDialog::save);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(copy, QDialogButtonBox::ActionRole);
    buttons->addButton(saveButton, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Reverse proxy:")));
    top->addWidget(m_proxy);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_editor, 1);
    layout->addWidget(buttons);
    resize(760, 640);
    connect(m_proxy, &QComboBox::currentIndexChanged, this, &ComposePreviewDialog::regenerate);
    regenerate();
}

QString ComposePreviewDialog::text() const
{
    return m_editor->toPlainText();
}

void ComposePreviewDialog::regenerate()
{
    m_editor->setPlainText(QString::fromUtf8(
        ComposeWriter::toCompose(m_registry, m_deviceIndex, {},
                                 m_proxy->currentIndex() == 1 ? ComposeWriter::Proxy::Caddy
                                                              : ComposeWriter::Proxy::Traefik)));
}

void ComposePreviewDialog::save()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Compose Snippet"),
        QStringLiteral("compose.%1.yml").arg(m_registry.devices[m_deviceIndex].name),
        tr("Compose files (*.yml *.yaml)"));
    if (path.isEmpty())
        return;
    QString error;
    if (AtomicFile::write(path, text().toUtf8(), &error))
        setWindowTitle(tr("Compose for %1 — saved").arg(m_registry.devices[m_deviceIndex].name));
    else
        setWindowTitle(tr("Compose for %1 — could not save: %2")
                           .arg(m_registry.devices[m_deviceIndex].name, error));
}

} // namespace portolan
