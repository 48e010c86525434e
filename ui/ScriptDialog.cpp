#include "ScriptDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QSpinBox* spinBox(const QString& objectName, int low, int high, QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(low, high);
    return box;
}

QString headerText(const HttpHeaders& headers)
{
    QStringList lines;
    for (const HttpHeader& h : headers) {
        lines.append(QString::fromUtf8(h.name) + QStringLiteral(": ") + QString::fromUtf8(h.value));
    }
    return lines.join(QLatin1Char('\n'));
}

/// "Name: value" lines; a line without ':' becomes a header with that name and no value, which
/// ResponseScript::check() refuses only when the name can't be one.
HttpHeaders parseHeaders(const QString& text)
{
    HttpHeaders headers;
    for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString name = (colon < 0 ? line : line.left(colon)).trimmed();
        const QString value = colon < 0 ? QString() : line.mid(colon + 1).trimmed();
        if (!name.isEmpty() || !value.isEmpty()) {
            headers.append({name.toUtf8(), value.toUtf8()});
        }
    }
    return headers;
}

} // namespace

ScriptDialog::ScriptDialog(QWidget* parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_rules(m_list, &ScriptDialog::title, [this] { showRule(); })
    , m_add(new QPushButton(tr("Add"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_up(new QPushButton(tr("Up"), this))
    , m_down(new QPushButton(tr("Down"), this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("ScriptDialog"));
    setWindowTitle(tr("Scripted answers"));
    m_list->setObjectName(QStringLiteral("ruleListWidget"));
    m_add->setObjectName(QStringLiteral("addRuleButton"));
    m_remove->setObjectName(QStringLiteral("removeRuleButton"));
    m_up->setObjectName(QStringLiteral("ruleUpButton"));
    m_down->setObjectName(QStringLiteral("ruleDownButton"));
    m_error->setObjectName(QStringLiteral("scriptErrorLabel"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_buttons->setObjectName(QStringLiteral("scriptButtonBox"));

    auto* intro = new QLabel(tr("How Hookscope answers, by default 200. Every request is stored whatever the answer, "
                                "with the status it got. The first rule whose path prefix matches decides."),
        this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    auto* listButtons = new QHBoxLayout;
    for (QPushButton* button : {m_add, m_remove, m_up, m_down}) {
        listButtons->addWidget(button);
    }
    auto* left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addWidget(buildForm(), 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(columns, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, &ScriptDialog::selectRule);
    connect(m_add, &QPushButton::clicked, this, &ScriptDialog::addRule);
    connect(m_remove, &QPushButton::clicked, this, &ScriptDialog::removeRule);
    connect(m_up, &QPushButton::clicked, this, [this] { m_rules.moveCurrent(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { m_rules.moveCurrent(1); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ScriptDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ScriptDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &ScriptDialog::apply);
    setRules({});
    resize(760, 520);
}

QWidget* ScriptDialog::buildForm()
{
    m_form = new QWidget(this);
    m_path = new QLineEdit(m_form);
    m_path->setObjectName(QStringLiteral("pathPrefixLineEdit"));
    m_path->setPlaceholderText(tr("all paths"));
    m_status = spinBox(QStringLiteral("statusSpinBox"), 200, 599, m_form);
    m_body = new QPlainTextEdit(m_form);
    m_body->setObjectName(QStringLiteral("bodyTextEdit"));
    m_body->setPlaceholderText(tr("empty: {\"ok\":true,\"id\":N}"));
    m_headers = new QPlainTextEdit(m_form);
    m_headers->setObjectName(QStringLiteral("headersTextEdit"));
    m_headers->setPlaceholderText(tr("Name: value, one per line"));
    m_delay = spinBox(QStringLiteral("delaySpinBox"), 0, 600000, m_form);
    m_delay->setSuffix(tr(" ms"));
    m_delay->setSingleStep(100);
    m_failFirst = spinBox(QStringLiteral("failFirstSpinBox"), 0, 1000000, m_form);
    m_failPercent = spinBox(QStringLiteral("failPercentSpinBox"), 0, 100, m_form);
    m_failPercent->setSuffix(tr(" %"));
    m_failStatus = spinBox(QStringLiteral("failStatusSpinBox"), 200, 599, m_form);
    auto* form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Path prefix:"), m_path);
    form->addRow(tr("Status:"), m_status);
    form->addRow(tr("Body:"), m_body);
    form->addRow(tr("Headers:"), m_headers);
    form->addRow(tr("Delay after storing:"), m_delay);
    form->addRow(tr("Fail the next:"), m_failFirst);
    form->addRow(tr("Fail at random:"), m_failPercent);
    form->addRow(tr("Status of a failure:"), m_failStatus);
    for (QLineEdit* edit : {m_path}) {
        connect(edit, &QLineEdit::textChanged, this, &ScriptDialog::readForm);
    }
    for (QPlainTextEdit* edit : {m_body, m_headers}) {
        connect(edit, &QPlainTextEdit::textChanged, this, &ScriptDialog::readForm);
    }
    for (QSpinBox* box : {m_status, m_delay, m_failFirst, m_failPercent, m_failStatus}) {
        connect(box, &QSpinBox::valueChanged, this, &ScriptDialog::readForm);
    }
    return m_form;
}

QString ScriptDialog::title(const ResponseRule& rule)
{
    QString text = rule.pathPrefix.isEmpty() ? tr("All paths") : QString::fromUtf8(rule.pathPrefix);
    text += QStringLiteral(" \u2192 %1").arg(rule.status);
    if (rule.delayMs > 0) {
        text += tr(", %1 ms later").arg(rule.delayMs);
    }
    if (rule.failFirst > 0) {
        text += tr(", fail next %1").arg(rule.failFirst);
    }
    if (rule.failPercent > 0) {
        text += tr(", fail %1%").arg(rule.failPercent);
    }
    return text;
}

void ScriptDialog::setRules(const QList<ResponseRule>& rules)
{
    m_rules.set(rules);
}

void ScriptDialog::selectRule(int row)
{
    m_rules.select(row);
}

void ScriptDialog::addRule()
{
    m_rules.addFirst(ResponseRule());
}

void ScriptDialog::removeRule()
{
    m_rules.removeCurrent();
}

void ScriptDialog::showRule()
{
    m_loading = true;
    const bool has = m_rules.hasCurrent();
    m_form->setEnabled(has);
    m_remove->setEnabled(has);
    m_up->setEnabled(m_rules.canMoveUp());
    m_down->setEnabled(m_rules.canMoveDown());
    const ResponseRule rule = has ? m_rules.currentRule() : ResponseRule();
    m_path->setText(QString::fromUtf8(rule.pathPrefix));
    m_status->setValue(rule.status);
    m_body->setPlainText(QString::fromUtf8(rule.body));
    m_headers->setPlainText(headerText(rule.headers));
    m_delay->setValue(rule.delayMs);
    m_failFirst->setValue(rule.failFirst);
    m_failPercent->setValue(rule.failPercent);
    m_failStatus->setValue(rule.failStatus);
    m_loading = false;
    m_error->setText(problem());
}

void ScriptDialog::readForm()
{
    if (m_loading || !m_rules.hasCurrent()) {
        return;
    }
    ResponseRule& rule = m_rules.currentRule();
    rule.pathPrefix = m_path->text().trimmed().toUtf8();
    rule.status = m_status->value();
    rule.body = m_body->toPlainText().toUtf8();
    rule.headers = parseHeaders(m_headers->toPlainText());
    rule.delayMs = m_delay->value();
    rule.failFirst = m_failFirst->value();
    rule.failPercent = m_failPercent->value();
    rule.failStatus = m_failStatus->value();
    m_rules.retitleCurrent();
    m_error->setText(problem());
}

QString ScriptDialog::problem() const
{
    for (const ResponseRule& rule : m_rules.rules()) {
        const QString why = ResponseScript::check(rule);
        if (!why.isEmpty()) {
            return tr("%1: %2").arg(title(rule), why);
        }
    }
    return {};
}

bool ScriptDialog::apply()
{
    const QString why = problem();
    m_error->setText(why);
    if (!why.isEmpty()) {
        return false;
    }
    emit applied(m_rules.rules());
    return true;
}

void ScriptDialog::accept()
{
    if (apply()) {
        QDialog::accept();
    }
}
