/** The portal's name, as emails and pages show it (PORTAL_NAME; every function may read it, none requires it). */
export const portalName = process.env.PORTAL_NAME || 'Pressroom';
