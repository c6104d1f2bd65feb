export async function seedCommand(_args: string[]): Promise<void> { throw new Error('seed --demo is being built'); }
