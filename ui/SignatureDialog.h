#pragma once

#include "RuleList.h"
#include "SignatureCheck.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QWidget;
class Secrets;

/**
 * @brief The signature check settings: rules for all paths or a path prefix, each a kind (shared
 * token, HMAC-SHA256 of the body, Standard Webhooks), its header and encoding, and the answer to
 * an unverified webhook. A secret typed here goes into the keychain (Secrets, the entry
 * `verify:PATH` that `hookscope serve --verify` reads too), never into the settings; a rule
 * without a typed secret uses the one the keychain holds.
 *
 * Apply and Save write the secrets, read them all back, and hand the rules with their secrets
 * over (applied()), which the window gives the running server's SignatureCheck.
 */
class SignatureDialog : public QDialog
{
    Q_OBJECT

public:
    SignatureDialog(Secrets* secrets, QWidget* parent = nullptr);

    /// The rules in use (their secrets are not shown; an empty secret field keeps them).
    void setRules(const QList<SignatureRule>& rules);
    /// The rules as the form holds them, secrets typed here included (others empty).
    QList<SignatureRule> rules() const { return m_rules.rules(); }
    void selectRule(int row);
    void addRule();
    void removeRule();
    /// Types @p secret for the selected rule, as the user would.
    void setSecret(const QString& secret);
    /// The status line: what was applied, or why not.
    QString status() const;
    /// Whether an apply is waiting for the keychain.
    bool isBusy() const { return m_busy; }

    /// Applies, then closes once the rules are in use.
    void accept() override;
    /// Writes the typed secrets, reads every rule's secret, and emits applied() when every rule
    /// can be used; finished() either way.
    void apply();

signals:
    void applied(const QList<SignatureRule>& rules);
    /// An apply() is over: @p ok when the rules were applied.
    void finished(bool ok);

private:
    QWidget* buildForm();
    void showRule();
    void readForm();
    void writeSecrets(QList<SignatureRule> pending, bool close);
    void readBack(bool close);
    void done(bool ok, const QString& status, bool close);
    static QString title(const SignatureRule& rule);

    Secrets* m_secrets;
    bool m_loading = false;
    bool m_busy = false;
    QStringList m_notes; ///< what the keychain said during an apply
    QListWidget* m_list;
    RuleList<SignatureRule> m_rules;
    QPushButton* m_add;
    QPushButton* m_remove;
    QWidget* m_form = nullptr;
    QLineEdit* m_path = nullptr;
    QComboBox* m_kind = nullptr;
    QLineEdit* m_header = nullptr;
    QComboBox* m_encoding = nullptr;
    QLineEdit* m_secret = nullptr;
    QSpinBox* m_tolerance = nullptr;
    QSpinBox* m_failStatus = nullptr;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
};
