#pragma once

#include "ResponseScript.h"
#include "RuleList.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QWidget;

/**
 * @brief The scripted answers editor: rules for all paths or a path prefix (first match wins),
 * each with status, body, headers, delay, and "fail the next N" / "fail X%" of requests. Apply
 * and Save hand the rules over (applied()), which the window puts into the running server's
 * ResponseScript at once and keeps in the settings.
 */
class ScriptDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ScriptDialog(QWidget* parent = nullptr);

    void setRules(const QList<ResponseRule>& rules);
    /// The rules as the form holds them.
    QList<ResponseRule> rules() const { return m_rules.rules(); }
    /// Why the rules can't be used, naming the rule; empty when they can.
    QString problem() const;
    /// Selects rule @p row for editing.
    void selectRule(int row);
    /// Adds a rule (for all paths when it is the first, else for a path) and selects it.
    void addRule();
    void removeRule();

    /// Hands the rules over (applied()) and closes, when they can be used.
    void accept() override;
    /// Hands the rules over without closing; false (and the problem shown) when they can't be used.
    bool apply();

signals:
    void applied(const QList<ResponseRule>& rules);

private:
    QWidget* buildForm();
    void showRule();
    void readForm();
    static QString title(const ResponseRule& rule);

    bool m_loading = false;
    QListWidget* m_list;
    RuleList<ResponseRule> m_rules;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_up;
    QPushButton* m_down;
    QWidget* m_form = nullptr;
    QLineEdit* m_path = nullptr;
    QSpinBox* m_status = nullptr;
    QPlainTextEdit* m_body = nullptr;
    QPlainTextEdit* m_headers = nullptr;
    QSpinBox* m_delay = nullptr;
    QSpinBox* m_failFirst = nullptr;
    QSpinBox* m_failPercent = nullptr;
    QSpinBox* m_failStatus = nullptr;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
};
