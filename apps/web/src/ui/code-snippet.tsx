import { Box, Code } from '@mantine/core';
import { CopyValueButton } from './copy-value-button';

/** A block of code to paste elsewhere, with a copy button in its corner. */
export function CodeSnippet({ code, label = 'Copy code' }: { code: string; label?: string }) {
  return (
    <Box pos="relative" w="100%">
      <Code block style={{ paddingRight: 44, whiteSpace: 'pre', overflowX: 'auto' }}>
        {code}
      </Code>
      <Box pos="absolute" top={6} right={6}>
        <CopyValueButton value={code} label={label} />
      </Box>
    </Box>
  );
}
