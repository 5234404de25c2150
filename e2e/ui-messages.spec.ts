/**
 * One message convention, seen by the user (issue 15, must-show 6): in English every error main
 * produces is said in English, and in Korean in Korean: a wrong password, a damaged key file, a
 * refused place in the chooser, a file to verify that is no signature, a refused cloud address.
 * Each shows main's own message for that situation, once, and nothing from the other language.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures/app.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatMessage, type MessageKey, type WireParams } from '../preload/messages/format.js';
import { translator } from '../renderer/src/i18n/translate.js';
import { YESSIGN_PASSWORD } from '../fixtures/paths.js';
import { addYessignCertificate, writeSettings } from './fixtures/home.js';
import { fileField } from './fixtures/chooser.js';
import { openCertificate, openScreen } from './fixtures/ui.js';

const HANGUL = /[\uac00-\ud7a3]/;
let keyFile: string;

test.beforeEach(({ home }) => {
  keyFile = path.join(addYessignCertificate(home.npkiRoot), 'signPri.key');
  writeFileSync(path.join(home.home, 'notes.txt'), 'just a note, not a signature\n');
});

for (const language of ['en', 'ko'] as const) {
  test(`every error in ${language === 'en' ? 'English' : 'Korean'}: main's message for the situation, in that language only`, async ({ home, app }) => {
    const t = translator(language);
    const other = language === 'en' ? 'ko' : 'en';
    writeSettings(home.dataDir, { language });
    const { page } = await app.launch();

    /** The alert says main's message for `key` in this language, nothing in the other, and no general sentence besides. */
    async function says(alert: Locator, key: MessageKey, params?: WireParams): Promise<void> {
      await expect(alert).toContainText(formatMessage(language, key, params));
      const text = await alert.innerText();
      expect(text).not.toContain(formatMessage(other, key, params));
      if (language === 'en') expect(text, 'no Korean in English mode').not.toMatch(HANGUL);
      else expect(text).toMatch(HANGUL);
    }

    // A wrong password, then the same key file damaged: two different messages, each once.
    await openCertificate(page, 'HKD');
    const testPassword = async (password: string): Promise<Locator> => {
      await page
        .getByRole('group', { name: t('details.actions') })
        .getByRole('button', { name: t('action.testPassword') })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(t('password.current')).fill(password);
      await dialog.getByRole('button', { name: t('testPassword.submit'), exact: true }).click();
      return dialog;
    };
    let dialog = await testPassword('not-the-password-1!');
    await says(dialog.getByRole('alert').first(), 'key.wrongPassword');
    await page.keyboard.press('Escape');
    writeFileSync(keyFile, Buffer.from('garbage, not an encrypted key'));
    dialog = await testPassword(YESSIGN_PASSWORD);
    await says(dialog.getByRole('alert').first(), 'keyfile.damaged');
    await page.keyboard.press('Escape');

    // A hidden folder typed into the chooser: refused at the chooser, in words.
    await page
      .getByRole('group', { name: t('details.actions') })
      .getByRole('button', { name: t('action.exportPfx'), exact: true })
      .click();
    dialog = page.getByRole('dialog');
    await fileField(dialog, t('exportPfx.outPath'))
      .getByRole('button', { name: t('path.chooseSave') })
      .click();
    const chooser = page.getByRole('dialog', { name: t('chooser.title.save', { what: t('exportPfx.outPath') }) });
    await chooser.getByRole('textbox', { name: t('chooser.location'), exact: true }).fill('~/.ssh');
    await chooser.getByRole('button', { name: t('chooser.go') }).click();
    await says(chooser.getByRole('alert'), 'path.notAllowed');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    // A text file given to Verify: "not a signature", not "refresh the list" or "use a copy on a USB drive".
    await openScreen(page, t('nav.verify'));
    await page.locator('input[type=file]').first().setInputFiles(path.join(home.home, 'notes.txt'));
    await page.getByRole('button', { name: t('verify.submit'), exact: true }).click();
    await says(page.getByRole('alert').first(), 'verify.neitherCmsNorCertificate');
    await expect(page.getByRole('alert').first()).not.toContainText(t('error.NOT_FOUND'));
    await expect(page.getByRole('alert').first()).not.toContainText(t('error.FILE_DAMAGED'));

    // A refused cloud address: the reason at the field, not "saved".
    await openScreen(page, t('nav.settings'));
    await page.getByLabel(t('settings.cloudUrl')).fill('http://cloud.example.test');
    await page.getByRole('button', { name: t('settings.save'), exact: true }).click();
    await says(page.locator('#cloud-url-error'), 'cloud.urlHttpLocal', { url: 'http://cloud.example.test' });
    await expect(page.getByLabel(t('settings.cloudUrl'))).toHaveAttribute('aria-invalid', 'true');
  });
}
