#include "RequestEditor.h"

#include "NdjsonRecord.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

RequestEditor::RequestEditor(QWidget* parent)
    : QWidget(parent)
    , m_method(new QLineEdit(this))
    , m_headers(new QTableWidget(0, 2, this))
    , m_body(new QPlainTextEdit(this))
    , m_bodyStatus(new QLabel(this))
    , m_check(new QTimer(this))
{
    setObjectName(QStringLiteral("requestEditor"));
    m_method->setObjectName(QStringLiteral("methodLineEdit"));
    m_headers->setObjectName(QStringLiteral("editHeadersTableWidget"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_body->setObjectName(QStringLiteral("editBodyTextEdit"));
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono = m_body->font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_body->setFont(mono);
    m_bodyStatus->setObjectName(QStringLiteral("bodyJsonLabel"));
    m_bodyStatus->setTextFormat(Qt::PlainText);
    m_bodyStatus->setWordWrap(true);
    m_check->setSingleShot(true);
    m_check->setInterval(150);
    connect(m_check, &QTimer::timeout, this, &RequestEditor::checkBody);
    connect(m_body, &QPlainTextEdit::textChanged, m_check, qOverload<>(&QTimer::start));

    auto* add = new QPushButton(tr("Add header"), this);
    add->setObjectName(QStringLiteral("addHeaderButton"));
    auto* remove = new QPushButton(tr("Remove header"), this);
    remove->setObjectName(QStringLiteral("removeHeaderButton"));
    connect(add, &QPushButton::clicked, this, &RequestEditor::addHeader);
    connect(remove, &QPushButton::clicked, this, &RequestEditor::removeHeader);
    auto* headerButtons = new QHBoxLayout;
    headerButtons->addWidget(add);
    headerButtons->addWidget(remove);
    headerButtons->addStretch(1);

    auto* form = new QFormLayout;
    form->addRow(tr("Method:"), m_method);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Headers (Host and Content-Length are set when sending):"), this));
    layout->addWidget(m_headers, 1);
    layout->addLayout(headerButtons);
    layout->addWidget(new QLabel(tr("Body:"), this));
    layout->addWidget(m_body, 2);
    layout->addWidget(m_bodyStatus);
}

void RequestEditor::setRequest(const OutgoingRequest& request)
{
    m_method->setText(QString::fromLatin1(request.method));
    m_headers->setRowCount(static_cast<int>(request.headers.size()));
    for (int row = 0; row < request.headers.size(); ++row) {
        const HttpHeader& h = request.headers.at(row);
        auto* name = new QTableWidgetItem(NdjsonRecord::bytesAsText(h.name));
        auto* value = new QTableWidgetItem(NdjsonRecord::bytesAsText(h.value));
        // The bytes as captured: a value left as it was is sent as it was (even when not UTF-8).
        value->setData(Qt::UserRole, h.value);
        m_headers->setItem(row, 0, name);
        m_headers->setItem(row, 1, value);
    }
    m_originalBody = request.body;
    const QString text = NdjsonRecord::utf8OrNull(request.body);
    m_textBody = !text.isNull();
    m_body->setReadOnly(!m_textBody);
    m_body->setPlainText(m_textBody ? text
                                    : tr("(%n bytes that are not UTF-8 text: sent as they are, unedited)", nullptr,
                                        static_cast<int>(request.body.size())));
    checkBody();
}

bool RequestEditor::isToken(const QByteArray& text)
{
    static const QByteArray extra("!#$%&'*+-.^_`|~");
    if (text.isEmpty()) {
        return false;
    }
    for (const char c : text) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !extra.contains(c)) {
            return false;
        }
    }
    return true;
}

bool RequestEditor::read(OutgoingRequest* request, QString* error) const
{
    const QByteArray method = m_method->text().trimmed().toLatin1();
    if (!isToken(method)) {
        *error = tr("'%1' is not an HTTP method.").arg(m_method->text());
        return false;
    }
    HttpHeaders headers;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem* nameItem = m_headers->item(row, 0);
        const QTableWidgetItem* valueItem = m_headers->item(row, 1);
        const QString name = nameItem ? nameItem->text().trimmed() : QString();
        const QString value = valueItem ? valueItem->text() : QString();
        if (name.isEmpty() && value.isEmpty()) {
            continue; // a row added and left empty
        }
        if (!isToken(name.toLatin1()) || name.toLatin1() != name.toUtf8()) {
            *error = tr("Header %1: '%2' is not a header name.").arg(row + 1).arg(name);
            return false;
        }
        if (value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n')) || value.contains(QChar(0))) {
            *error = tr("Header %1 (%2): a value can't hold a line break or NUL.").arg(row + 1).arg(name);
            return false;
        }
        const QByteArray original = valueItem ? valueItem->data(Qt::UserRole).toByteArray() : QByteArray();
        const bool unchanged
            = valueItem && valueItem->data(Qt::UserRole).isValid() && NdjsonRecord::bytesAsText(original) == value;
        headers.append({name.toLatin1(), unchanged ? original : value.toUtf8()});
    }
    request->method = method;
    request->headers = headers;
    request->body = m_textBody ? m_body->toPlainText().toUtf8() : m_originalBody;
    return true;
}

QString RequestEditor::jsonProblem() const
{
    return m_textBody ? jsonProblem(m_body->toPlainText().toUtf8()) : QString();
}

QString RequestEditor::jsonProblem(const QByteArray& body)
{
    if (body.trimmed().isEmpty()) {
        return {};
    }
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError) {
        return {};
    }
    // The offset counts bytes: the line and column the user sees count characters.
    const QString before = QString::fromUtf8(body.left(error.offset));
    const qsizetype lineStart = before.lastIndexOf(QLatin1Char('\n')) + 1;
    const int line = static_cast<int>(before.count(QLatin1Char('\n'))) + 1;
    const int column = static_cast<int>(before.size() - lineStart) + 1;
    return tr("The body is not valid JSON: %1 at line %2, column %3.").arg(error.errorString()).arg(line).arg(column);
}

void RequestEditor::checkBody()
{
    m_check->stop();
    if (!m_textBody) {
        m_bodyStatus->setText(tr("A binary body is sent as it was."));
        return;
    }
    const QString problem = jsonProblem();
    m_bodyStatus->setText(problem.isEmpty() ? tr("The body is valid JSON (or empty).") : problem);
}

void RequestEditor::addHeader()
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem);
    m_headers->setItem(row, 1, new QTableWidgetItem);
    m_headers->setCurrentCell(row, 0);
    m_headers->editItem(m_headers->item(row, 0));
}

void RequestEditor::removeHeader()
{
    const int row = m_headers->currentRow();
    if (row >= 0) {
        m_headers->removeRow(row);
    }
}
