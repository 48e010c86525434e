#include "DetailPane.h"

#include "NdjsonRecord.h"
#include "StoredEvent.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QPlainTextEdit* readOnlyText(const QString& objectName, QWidget* parent)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono = edit->font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    edit->setFont(mono);
    return edit;
}

} // namespace

DetailPane::DetailPane(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_body(readOnlyText(QStringLiteral("bodyTextEdit"), this))
    , m_headers(new QTableWidget(0, 2, this))
    , m_raw(readOnlyText(QStringLiteral("rawTextEdit"), this))
    , m_problems(readOnlyText(QStringLiteral("problemsTextEdit"), this))
{
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->setObjectName(QStringLiteral("detailTabWidget"));
    m_headers->setObjectName(QStringLiteral("headersTableWidget"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tabs->addTab(m_body, tr("Body"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_raw, tr("Raw request"));
    m_tabs->addTab(m_problems, tr("Problems"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    clear();
}

QString DetailPane::bodyText(const QByteArray& body)
{
    if (body.isEmpty()) {
        return tr("(empty body)");
    }
    if (body.size() <= FormatLimit) {
        const QJsonDocument json = QJsonDocument::fromJson(body);
        if (!json.isNull()) {
            return QString::fromUtf8(json.toJson(QJsonDocument::Indented));
        }
    }
    const QString text = NdjsonRecord::utf8OrNull(body);
    if (text.isNull()) {
        return tr("(%n bytes that are not UTF-8 text; base64:)\n", nullptr, static_cast<int>(body.size()))
            + QString::fromLatin1(body.left(FormatLimit).toBase64());
    }
    return text;
}

void DetailPane::setEvent(const StoredEvent& e)
{
    QStringList summary {tr("#%1").arg(e.id), QString::fromLatin1(e.method), NdjsonRecord::bytesAsText(e.target)};
    if (!e.event.isEmpty()) {
        summary << e.event;
    }
    if (!e.environment.isEmpty()) {
        summary << e.environment;
    }
    if (e.duplicateOf > 0) {
        summary << tr("duplicate of #%1").arg(e.duplicateOf);
    }
    m_summary->setText(summary.join(QStringLiteral(" · ")));
    m_body->setPlainText(bodyText(e.body));
    m_headers->setRowCount(static_cast<int>(e.headers.size()));
    QString raw = QString::fromLatin1(e.method) + QLatin1Char(' ') + NdjsonRecord::bytesAsText(e.target)
        + QLatin1Char(' ') + QString::fromLatin1(e.httpVersion) + QLatin1Char('\n');
    for (int row = 0; row < e.headers.size(); ++row) {
        const QString name = NdjsonRecord::bytesAsText(e.headers.at(row).name);
        const QString value = NdjsonRecord::bytesAsText(e.headers.at(row).value);
        m_headers->setItem(row, 0, new QTableWidgetItem(name));
        m_headers->setItem(row, 1, new QTableWidgetItem(value));
        raw += name + QStringLiteral(": ") + value + QLatin1Char('\n');
    }
    const QString bodyAsText = NdjsonRecord::utf8OrNull(e.body.left(FormatLimit));
    raw += QLatin1Char('\n')
        + (bodyAsText.isNull() ? tr("(binary body, %n bytes)", nullptr, static_cast<int>(e.body.size())) : bodyAsText);
    m_raw->setPlainText(raw);
    m_problems->setPlainText(
        e.problems.isEmpty() ? tr("No problems: a well-formed provider webhook.") : e.problems.join(QLatin1Char('\n')));
    m_tabs->setTabText(3, e.problems.isEmpty() ? tr("Problems") : tr("Problems (%1)").arg(e.problems.size()));
}

void DetailPane::clear()
{
    m_summary->setText(tr("Select an event to see it here."));
    m_body->clear();
    m_headers->setRowCount(0);
    m_raw->clear();
    m_problems->clear();
    m_tabs->setTabText(3, tr("Problems"));
}
